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
foreach(icon concord.png concord-48.png concord-128.png)
    if(NOT EXISTS "${SOURCE_DIR}/resources/icons/${icon}")
        message(FATAL_ERROR "resources/icons/${icon} is missing")
    endif()
endforeach()
message(STATUS "desktop entry and icons are in place")
