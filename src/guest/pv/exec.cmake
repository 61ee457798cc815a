# SPDX-License-Identifier: MIT
# PV execution: hypercall page, trap bounce, emulation (portable parts).
strata_sources(portable ${CMAKE_CURRENT_LIST_DIR}/hypercall_page.c)
