# SPDX-License-Identifier: MIT
# libFuzzer harness of the x86 decoder (included from tests/fuzz/CMakeLists.txt
# after its clang probe, so STRATA_CLANG and R are set).
set(FUZZ_DECODE_SOURCES
  ${R}/src/guest/x86/decode.c ${R}/src/guest/x86/emulate.c
  ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_decode.c)
set(FUZZ_DECODE_HEADERS ${R}/src/guest/x86/decode.h ${R}/src/guest/x86/emulate.h
    ${R}/src/lib/status.h)
set(FUZZ_DECODE_BIN ${CMAKE_CURRENT_BINARY_DIR}/fuzz_decode)
add_custom_command(OUTPUT ${FUZZ_DECODE_BIN}
  COMMAND ${STRATA_CLANG} -std=gnu11 -g -O1 -DSTRATA_HOST=1
          -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
          -Wall -Wno-unused-parameter
          -I${R}/include -I${R}/src -I${R}/spec
          ${FUZZ_DECODE_SOURCES} -o ${FUZZ_DECODE_BIN}
  DEPENDS ${FUZZ_DECODE_SOURCES} ${FUZZ_DECODE_HEADERS}
  COMMENT "clang libFuzzer: fuzz_decode"
  VERBATIM)
add_custom_target(fuzz_decode ALL DEPENDS ${FUZZ_DECODE_BIN})

# Bounded run: fixed seed, corpus in the build tree, inputs up to 20 bytes
# (one mode byte and more than the 15 an instruction may take).
set(FUZZ_DECODE_CORPUS ${CMAKE_CURRENT_BINARY_DIR}/corpus_decode)
add_test(NAME fuzz.decode
  COMMAND sh -c "mkdir -p '${FUZZ_DECODE_CORPUS}' && exec '${FUZZ_DECODE_BIN}' -seed=1 -runs=200000 -max_total_time=60 -max_len=20 '${FUZZ_DECODE_CORPUS}'")
set_tests_properties(fuzz.decode PROPERTIES LABELS fuzz TIMEOUT 300)
