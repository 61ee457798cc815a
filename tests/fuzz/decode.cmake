# SPDX-License-Identifier: MIT
# libFuzzer harness of the x86 decoder (included from tests/fuzz/CMakeLists.txt).
# Bounded run: fixed seed, inputs up to 20 bytes (one mode byte and more
# than the 15 an instruction may take).
strata_fuzz_harness(NAME decode
  SOURCES ${R}/src/guest/x86/decode.c ${R}/src/guest/x86/emulate.c
          ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_decode.c
  DEPENDS ${R}/src/guest/x86/decode.h ${R}/src/guest/x86/emulate.h
          ${R}/src/lib/status.h
  ARGS -seed=1 -runs=200000 -max_total_time=60 -max_len=20)
