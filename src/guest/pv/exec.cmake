# SPDX-License-Identifier: MIT
# PV execution: hypercall page, bounce frames and iret, the PV-only
# hypercalls, privileged-instruction emulation (all portable).
strata_sources(portable
  ${CMAKE_CURRENT_LIST_DIR}/hypercall_page.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_traps.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_hypercalls.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_emul.c)
