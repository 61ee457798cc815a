# SPDX-License-Identifier: MIT
# The hvm64 environment (README.md): its library and strata_guest_test_hvm64,
# which tests/guest/CMakeLists.txt calls for `ENV hvm64`. An image is
# linked by hvm64.ld and flattened into a bzImage (objcopy -O binary)
# that Strata boots with the module option type=hvm.
set(GUEST_HVM64 ${CMAKE_CURRENT_LIST_DIR})
find_program(STRATA_OBJCOPY NAMES objcopy x86_64-linux-gnu-objcopy)

add_library(guest_lib_hvm64 OBJECT
  ${GUEST_LIB}/libc.c ${GUEST_LIB}/format.c ${GUEST_LIB}/report.c
  ${GUEST_LIB}/console.c ${GUEST_LIB}/cmdline.c ${GUEST_LIB}/events.c
  ${GUEST_LIB}/gnttab.c ${GUEST_LIB}/timer.c ${GUEST_LIB}/memory.c
  ${GUEST_HVM64}/setup.c ${GUEST_HVM64}/entry.S)
target_include_directories(guest_lib_hvm64 PUBLIC ${GUEST_LIB} ${GUEST_HVM64}
                           ${STRATA_ROOT}/include)
# Linked at 2 MiB, not in the top 2 GiB: the small code model.
target_compile_options(guest_lib_hvm64 PUBLIC ${GUEST_FLAGS} -mcmodel=small)

# Same arguments as strata_guest_test (ENV hvm64; HYPERCALL is vmmcall).
function(strata_guest_test_hvm64)
  cmake_parse_arguments(G "NO_RUN" "NAME;ENV;HYPERCALL;GUESTS;TIMEOUT;SMP;CMDLINE;MODULE_OPTS"
                        "EXPECT;SOURCES;EXTRA_OPTS" ${ARGN})
  foreach(v GUESTS:1 TIMEOUT:150 SMP:2)
    string(REPLACE ":" ";" kv ${v})
    list(GET kv 0 k)
    list(GET kv 1 d)
    if(NOT G_${k})
      set(G_${k} ${d})
    endif()
  endforeach()
  if(NOT STRATA_OBJCOPY)
    message(STATUS "guest test ${G_NAME}: no objcopy for the hvm64 bzImage: not built")
    return()
  endif()
  set(target guest-${G_NAME})
  set(image ${CMAKE_CURRENT_BINARY_DIR}/${target}.bzImage)
  add_executable(${target} main.c ${G_SOURCES} ${GUEST_HVM64}/head.S
                 $<TARGET_OBJECTS:guest_lib_hvm64>)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${target}.elf SUFFIX ""
                        LINK_DEPENDS ${GUEST_HVM64}/hvm64.ld)
  target_include_directories(${target} PRIVATE ${GUEST_LIB} ${GUEST_HVM64}
                             ${STRATA_ROOT}/include)
  target_compile_options(${target} PRIVATE ${GUEST_FLAGS} -mcmodel=small)
  target_link_options(${target} PRIVATE ${GUEST_LINK_FLAGS} -T ${GUEST_HVM64}/hvm64.ld)
  target_link_libraries(${target} PRIVATE gcc)
  add_custom_command(TARGET ${target} POST_BUILD
                     COMMAND ${STRATA_OBJCOPY} -O binary
                             $<TARGET_FILE:${target}> ${image}
                     BYPRODUCTS ${image} VERBATIM)
  set_property(GLOBAL PROPERTY STRATA_GUEST_IMAGE_${G_NAME} ${image})
  set_property(GLOBAL PROPERTY STRATA_GUEST_OPTS_${G_NAME} type=hvm)
  if(G_NO_RUN)
    return()
  endif()
  set(guests)
  foreach(i RANGE 1 ${G_GUESTS})
    list(APPEND guests
         "${image} name=${G_NAME} type=hvm ${G_MODULE_OPTS} -- domid=${i} guests=${G_GUESTS} ${G_CMDLINE}")
  endforeach()
  _strata_guest_register(${G_NAME} ${G_TIMEOUT} ${G_SMP} "${G_EXPECT}" "${G_EXTRA_OPTS}" ${guests})
endfunction()
