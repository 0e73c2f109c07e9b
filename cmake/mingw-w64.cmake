# mingw-w64.cmake: cross-compile accord for 64-bit Windows with Debian's
# gcc-mingw-w64-x86-64 (the -win32 thread model is enough: accord starts no
# threads). Use with -DACCORD_NETAPI_ONLY=ON unless libyaml, libxml2, sqlite3
# and OpenSSL for mingw are installed under CMAKE_FIND_ROOT_PATH.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(ACCORD_MINGW_TRIPLET x86_64-w64-mingw32 CACHE STRING "mingw-w64 target triplet")
set(CMAKE_C_COMPILER ${ACCORD_MINGW_TRIPLET}-gcc)
set(CMAKE_RC_COMPILER ${ACCORD_MINGW_TRIPLET}-windres)
set(CMAKE_AR ${ACCORD_MINGW_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${ACCORD_MINGW_TRIPLET}-ranlib CACHE FILEPATH "")

set(CMAKE_FIND_ROOT_PATH /usr/${ACCORD_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must not hand the host's Linux libraries to the Windows build.
# scripts/build-windows.sh passes the prefixes of the libraries it cross-
# built (libyaml, libxml2, sqlite3, libcrypto, cmocka) as
# ACCORD_WIN_PKG_CONFIG_LIBDIR; remembered in the cache for reconfigures.
set(ACCORD_WIN_PKG_CONFIG_LIBDIR "$ENV{ACCORD_WIN_PKG_CONFIG_LIBDIR}" CACHE STRING
  "pkg-config directories of the cross-built libraries (colon-separated)")
set(ENV{PKG_CONFIG_LIBDIR} /usr/${ACCORD_MINGW_TRIPLET}/lib/pkgconfig)
if(ACCORD_WIN_PKG_CONFIG_LIBDIR)
  set(ENV{PKG_CONFIG_LIBDIR} "${ACCORD_WIN_PKG_CONFIG_LIBDIR}:$ENV{PKG_CONFIG_LIBDIR}")
  # pkg_check_modules looks its libraries up under CMAKE_FIND_ROOT_PATH
  string(REPLACE ":" ";" _accord_pc "${ACCORD_WIN_PKG_CONFIG_LIBDIR}")
  foreach(_d IN LISTS _accord_pc)
    get_filename_component(_d "${_d}/../.." ABSOLUTE)
    list(APPEND CMAKE_FIND_ROOT_PATH "${_d}")
  endforeach()
endif()
set(ENV{PKG_CONFIG_PATH} "")
