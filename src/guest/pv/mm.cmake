# SPDX-License-Identifier: MIT
# PV MMU: guest page tables validated through the frame table, and the
# hypercalls on top (mmu_update, update_va_mapping, mmuext_op).
strata_sources(portable ${CMAKE_CURRENT_LIST_DIR}/pv_mm.c ${CMAKE_CURRENT_LIST_DIR}/pv_mm_ops.c)
