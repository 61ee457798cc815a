# SPDX-License-Identifier: MIT
# libFuzzer harness of the PV builder's ELF/Xen-note parser (included from
# tests/fuzz/CMakeLists.txt). Bounded run: fixed seed, images up to 4 KiB.
strata_fuzz_harness(NAME elf
  SOURCES ${R}/src/guest/pv/elf_load.c ${R}/src/lib/format.c ${R}/src/lib/string.c
          ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_elf.c
  DEPENDS ${R}/src/guest/pv/elf_load.h ${R}/src/lib/status.h
  ARGS -seed=1 -runs=200000 -max_total_time=60 -max_len=4096)
