# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Concord developers
# The library for Qt developers: `cmake --install` puts concordcore and concordtesting, their
# headers and a versioned CMake package under the prefix, so that a project writes
#
#     find_package(Concord 0.1 REQUIRED)
#     target_link_libraries(app PRIVATE Concord::Core)
#
# and includes <core/model/versionedtablemodel.h>, exactly as code inside the tree does.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(concord_package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Concord)

install(TARGETS concordcore concordtesting EXPORT ConcordTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

# Headers by directory, not by list: a header added to any wing (core/model/ grows) is
# installed without touching this file. The lock backends' headers (lockbackend.h,
# leasebackend.h, postgreslocksql.h) and historysql.h are internal to concordcore's .cpp files; a public header
# that included one would fail the package test, which compiles every installed header on its own.
install(DIRECTORY core/
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/concord/core
    COMPONENT Development
    FILES_MATCHING PATTERN "*.h"
    PATTERN "lockbackend.h" EXCLUDE
    PATTERN "leasebackend.h" EXCLUDE
    PATTERN "postgreslocksql.h" EXCLUDE
    PATTERN "historysql.h" EXCLUDE)

install(EXPORT ConcordTargets
    NAMESPACE Concord::
    DESTINATION ${concord_package_dir}
    COMPONENT Development)

configure_package_config_file(cmake/ConcordConfig.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/ConcordConfig.cmake
    INSTALL_DESTINATION ${concord_package_dir})
# Before 1.0 a minor release may change the API, so 0.1 accepts 0.1.x only; from 1.0 on, any
# release of the same major version is compatible.
if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(concord_compatibility SameMinorVersion)
else()
    set(concord_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/ConcordConfigVersion.cmake
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY ${concord_compatibility})
install(FILES
    ${CMAKE_CURRENT_BINARY_DIR}/ConcordConfig.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/ConcordConfigVersion.cmake
    DESTINATION ${concord_package_dir}
    COMPONENT Development)
