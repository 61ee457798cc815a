# SPDX-License-Identifier: MIT
# The host build: the portable layers compiled unchanged against the host
# shim in src/arch/host/, as one static library the unit tests link.
strata_get_sources(portable PORTABLE_SOURCES)
strata_get_sources(host HOST_SOURCES)

set(STRATA_HOST_FLAGS -g -O1 -fno-omit-frame-pointer ${STRATA_WARNINGS})
set(STRATA_HOST_LINK)
if(STRATA_SANITIZE)
  list(APPEND STRATA_HOST_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all)
  list(APPEND STRATA_HOST_LINK -fsanitize=address,undefined)
endif()
if(STRATA_COVERAGE)
  list(APPEND STRATA_HOST_FLAGS --coverage)
  list(APPEND STRATA_HOST_LINK --coverage)
endif()

add_library(strata_host STATIC ${PORTABLE_SOURCES} ${HOST_SOURCES})
target_include_directories(strata_host PUBLIC ${STRATA_INCLUDES})
target_compile_definitions(strata_host PUBLIC STRATA_HOST=1)
target_compile_options(strata_host PUBLIC ${STRATA_HOST_FLAGS})
target_link_options(strata_host PUBLIC ${STRATA_HOST_LINK})
find_package(Threads REQUIRED)
target_link_libraries(strata_host PUBLIC Threads::Threads)
