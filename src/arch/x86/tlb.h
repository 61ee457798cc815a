/* SPDX-License-Identifier: MIT */
/* tlb.h - x86 TLB helpers beyond the arch.h hooks. */
#ifndef STRATA_ARCH_X86_TLB_H
#define STRATA_ARCH_X86_TLB_H

#include "lib/compiler.h"

/* Flush every translation of this CPU, global ones included. */
void tlb_flush_all_local(void);

/* Bumped by every arch_flush_guest_tlb; the future world switch flushes
 * the guest TLB when the value differs from the one it last saw. */
uint64_t tlb_guest_generation(void);

#endif /* STRATA_ARCH_X86_TLB_H */
