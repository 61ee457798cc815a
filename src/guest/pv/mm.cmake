# SPDX-License-Identifier: MIT
# PV MMU: guest page tables validated through the frame table.
strata_sources(portable ${CMAKE_CURRENT_LIST_DIR}/pv_mm.c)
