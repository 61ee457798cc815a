# SPDX-License-Identifier: MIT
# Helpers shared by both builds. Module folders call strata_sources();
# test folders call strata_unit_test().

# strata_sources(<group> file...)
#   group: portable  - built into the image and the host build (L0, L2-L5)
#          x86       - image only (src/arch/x86, src/boot)
#          host      - host build only (src/arch/host)
function(strata_sources group)
  foreach(f IN LISTS ARGN)
    get_filename_component(abs ${f} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    set_property(GLOBAL APPEND PROPERTY STRATA_SOURCES_${group} ${abs})
  endforeach()
endfunction()

function(strata_get_sources group out)
  get_property(list GLOBAL PROPERTY STRATA_SOURCES_${group})
  set(${out} ${list} PARENT_SCOPE)
endfunction()

set(STRATA_INCLUDES ${STRATA_ROOT}/include ${STRATA_ROOT}/src ${STRATA_ROOT}/spec)

# strata_unit_test(NAME <name> SOURCES <files> [LABELS <labels>])
#   A host test executable linked against the host build of Strata and
#   the unit-test harness; registered with CTest under label "unit".
function(strata_unit_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LABELS" ${ARGN})
  if(NOT STRATA_HOST)
    return()
  endif()
  add_executable(test_${T_NAME} ${T_SOURCES})
  target_link_libraries(test_${T_NAME} PRIVATE strata_host unit_harness)
  add_test(NAME unit.${T_NAME} COMMAND test_${T_NAME})
  set_tests_properties(unit.${T_NAME} PROPERTIES LABELS "unit;${T_LABELS}" TIMEOUT 300)
endfunction()
