# packaging.cmake: what `make install` puts where, and the Debian package
# `cpack -G DEB` makes from it (accord_VERSION_amd64.deb).
#
# The Windows zip is not made here: scripts/package-windows.sh packs the
# cross-built build-win64/accord.exe with the same documents.
#
# Depends are computed by dpkg-shlibdeps from the installed binary. accord
# links Samba's private libraries (netapi/CMakeLists.txt) by path with an
# rpath; dpkg-shlibdeps follows that rpath to samba-libs, whose shlibs file
# pins them to the exact Samba build: samba-libs (= VERSION). A package built
# against one Samba therefore refuses to install beside another, which is
# right: the private libraries' symbols are versioned with the Samba build.

# man-db reads gzipped pages; Debian policy wants them gzipped (-n: no name
# or time stamp inside, so the same page gives the same bytes)
find_program(ACCORD_GZIP gzip REQUIRED)
set(ACCORD_MAN_GZ ${CMAKE_CURRENT_BINARY_DIR}/accord.1.gz)
add_custom_command(OUTPUT ${ACCORD_MAN_GZ}
  COMMAND ${ACCORD_GZIP} -9n -c ${PROJECT_SOURCE_DIR}/docs/accord.1 > ${ACCORD_MAN_GZ}
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/accord.1
  COMMENT "Compressing the man page")
add_custom_target(accord_man ALL DEPENDS ${ACCORD_MAN_GZ})
install(FILES ${ACCORD_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# CMAKE_INSTALL_DOCDIR is share/doc/accord
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
  PATTERN secrets EXCLUDE)

set(CPACK_PACKAGE_NAME accord)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "manage Windows and Samba user accounts declaratively over the NetUser API")
set(CPACK_PACKAGE_CONTACT "accord maintainers <maintainers@users.noreply.h-seed-89aebdb1.example>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # accord_VERSION_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# the long description under the summary line
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "accord reads the accounts a machine should have from a YAML file or a Group
Policy Preferences Groups.xml, compares them with the live accounts of a
Windows or Samba host, prints a plan of the differences, keeps it in a
SQLite state file and applies exactly the NetUser calls that are needed.
drift runs the same comparison read-only for cron or systemd timers.")
include(CPack)
