# SPDX-License-Identifier: MIT
# PV execution: hypercall page, bounce frames and iret, the PV-only
# hypercalls, privileged-instruction and page-table-write emulation,
# grant mappings, guest descriptor tables (all portable).
strata_sources(portable
  ${CMAKE_CURRENT_LIST_DIR}/hypercall_page.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_traps.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_hypercalls.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_emul.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_ptwr.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_grant.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_desc.c
  ${CMAKE_CURRENT_LIST_DIR}/pv_vcpu_ctx.c)
