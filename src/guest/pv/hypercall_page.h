/* SPDX-License-Identifier: MIT */
/* hypercall_page.h - the page of hypercall stubs a PV guest calls into. */
#ifndef STRATA_GUEST_PV_HYPERCALL_PAGE_H
#define STRATA_GUEST_PV_HYPERCALL_PAGE_H

#include "lib/compiler.h"

/* Bytes per stub; stub n starts at page + n * HYPERCALL_STUB_SIZE. */
#define HYPERCALL_STUB_SIZE 32

/* Fill a 4 KiB page with the 128 stubs: "mov $n, %eax; syscall; ret",
 * except iret (23), which saves rax, r11 and rcx on the guest stack
 * before the syscall (HYPERVISOR_iret's frame). */
void pv_hypercall_page_fill(uint8_t *page);

#endif /* STRATA_GUEST_PV_HYPERCALL_PAGE_H */
