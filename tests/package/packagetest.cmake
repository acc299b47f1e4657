# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
# cmake -DMODE=install|subdirectory -DSOURCE_DIR=... -DBUILD_DIR=... -DWORK_DIR=... -P packagetest.cmake
#
# install:      cmake --install BUILD_DIR into WORK_DIR/prefix, then build examples/inventory
#               standalone against it (find_package(Concord)) and a file including every
#               installed header, and run the example.
# subdirectory: a parent project in WORK_DIR that add_subdirectory()s SOURCE_DIR and the
#               example, then runs the example. It also checks that Concord, as a
#               subproject, builds no editor and looks for no Qt Widgets.
# WORK_DIR is made fresh and removed afterwards, pass or fail (set CONCORD_KEEP_PACKAGE_TEST
# in the environment to keep it for a post-mortem).
cmake_minimum_required(VERSION 3.21)

set(failure "")

# Runs a command; on failure records what failed (with its output) and returns false.
macro(step description)
    if(failure STREQUAL "")
        message(STATUS "${description}")
        execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
        if(NOT status EQUAL 0)
            set(failure "${description} failed (${status}):\n${output}")
        else()
            string(STRIP "${output}" output)
            set(last_output "${output}")
        endif()
    endif()
endmacro()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
# No flags: the fastest compile. The package registry must not offer Concord's build tree.
set(configure_flags -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DQt6_DIR=${Qt6_DIR}
    -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)

if(MODE STREQUAL "install")
    set(prefix "${WORK_DIR}/prefix")
    step("Installing ${BUILD_DIR} into ${prefix}"
        ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")

    step("Configuring the example against the installed package"
        ${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/inventory" -B "${WORK_DIR}/inventory" ${configure_flags}
            "-DCMAKE_PREFIX_PATH=${prefix}")
    if(failure STREQUAL "")
        # Concord must come from the prefix, not from anywhere else on this machine.
        file(STRINGS "${WORK_DIR}/inventory/CMakeCache.txt" concord_dir REGEX "^Concord_DIR:")
        string(FIND "${concord_dir}" "${prefix}/" at)
        if(NOT at GREATER -1)
            set(failure "Concord was not found in the prefix: ${concord_dir}")
        endif()
    endif()
    step("Building the example" ${CMAKE_COMMAND} --build "${WORK_DIR}/inventory")
    set(example "${WORK_DIR}/inventory/inventory")

    # Every installed header must compile against the installed include path alone, also
    # with the strict casts users may turn on: a header including one that was not installed
    # fails here.
    if(failure STREQUAL "")
        file(GLOB_RECURSE headers RELATIVE "${prefix}/include/concord" "${prefix}/include/concord/*.h")
        list(LENGTH headers count)
        if(count LESS 10)
            set(failure "Only ${count} headers were installed under ${prefix}/include/concord")
        endif()
        set(includes "")
        foreach(header IN LISTS headers)
            string(APPEND includes "#include <${header}>\n")
        endforeach()
        file(WRITE "${WORK_DIR}/headers-src/allheaders.cpp" "${includes}")
        file(WRITE "${WORK_DIR}/headers-src/CMakeLists.txt" [=[
cmake_minimum_required(VERSION 3.21)
project(ConcordHeaders LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(Concord 0.1 REQUIRED COMPONENTS Core Testing)
add_library(allheaders OBJECT allheaders.cpp)
target_link_libraries(allheaders PRIVATE Concord::Core Concord::Testing)
target_compile_definitions(allheaders PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII)
target_compile_options(allheaders PRIVATE -Wall -Wextra -Wpedantic -Werror)
]=])
    endif()
    step("Configuring the header check"
        ${CMAKE_COMMAND} -S "${WORK_DIR}/headers-src" -B "${WORK_DIR}/headers" ${configure_flags}
            "-DCMAKE_PREFIX_PATH=${prefix}")
    step("Compiling every installed header" ${CMAKE_COMMAND} --build "${WORK_DIR}/headers")
elseif(MODE STREQUAL "subdirectory")
    file(WRITE "${WORK_DIR}/parent-src/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.21)
project(ConcordParent LANGUAGES CXX)
add_subdirectory(\"${SOURCE_DIR}\" concord)
add_subdirectory(\"${SOURCE_DIR}/examples/inventory\" inventory)
# As a subproject Concord builds its libraries only, and needs no widgets.
foreach(target concordui concordctl concord_bench concord_test_client)
    if(TARGET \${target})
        message(FATAL_ERROR \"Concord as a subproject built \${target}\")
    endif()
endforeach()
if(TARGET Qt6::Widgets OR TARGET Qt6::Gui)
    message(FATAL_ERROR \"Concord as a subproject looked for Qt Widgets or Gui\")
endif()
")
    step("Configuring a parent project that adds Concord as a subdirectory"
        ${CMAKE_COMMAND} -S "${WORK_DIR}/parent-src" -B "${WORK_DIR}/parent" ${configure_flags})
    step("Building concordcore and the example" ${CMAKE_COMMAND} --build "${WORK_DIR}/parent")
    set(example "${WORK_DIR}/parent/inventory/inventory")
else()
    message(FATAL_ERROR "MODE must be install or subdirectory, not '${MODE}'")
endif()

step("Running the example" "${example}")
if(failure STREQUAL "")
    message(STATUS "${last_output}")
endif()

if(NOT DEFINED ENV{CONCORD_KEEP_PACKAGE_TEST})
    file(REMOVE_RECURSE "${WORK_DIR}")
endif()
if(NOT failure STREQUAL "")
    message(FATAL_ERROR "${failure}")
endif()
