# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
#
# cmake -DSOURCE_DIR=<repo> -P checkdesktopentry.cmake
# The desktop entry names the program and an icon that exist, in the keys desktop environments need.
file(STRINGS "${SOURCE_DIR}/resources/concord.desktop" lines)
set(required "Type=Application" "Name=Concord" "Exec=concord %f" "Icon=concord" "Terminal=false")
foreach(line IN LISTS required)
    list(FIND lines "${line}" found)
    if(found EQUAL -1)
        message(FATAL_ERROR "resources/concord.desktop lacks \"${line}\"")
    endif()
endforeach()
list(GET lines 0 first)
if(NOT first STREQUAL "[Desktop Entry]")
    message(FATAL_ERROR "resources/concord.desktop must start with [Desktop Entry]")
endif()
foreach(icon concord.png concord-48.png concord-128.png concord.svg)
    if(NOT EXISTS "${SOURCE_DIR}/resources/icons/${icon}")
        message(FATAL_ERROR "resources/icons/${icon} is missing")
    endif()
endforeach()
# The freedesktop.org validator, when installed (scripts/lib/deps.sh installs it).
find_program(desktop_file_validate desktop-file-validate)
if(desktop_file_validate)
    execute_process(COMMAND ${desktop_file_validate} "${SOURCE_DIR}/resources/concord.desktop"
                    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT result EQUAL 0 OR NOT output STREQUAL "")
        message(FATAL_ERROR "desktop-file-validate: ${output}")
    endif()
else()
    message(STATUS "desktop-file-validate not found: only the keys were checked")
endif()
message(STATUS "desktop entry and icons are in place")
