# SPDX-License-Identifier: MIT
# PV domain builder: ELF64 + Xen notes parsing and the start-of-day layout.
strata_sources(portable
  ${CMAKE_CURRENT_LIST_DIR}/elf_load.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_build.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_shared_info.c)
