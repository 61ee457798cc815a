/* SPDX-License-Identifier: MIT */
/* mm_arch.h - ACSL contracts of the arch.h functions the mm layer calls. */
#ifndef STRATA_SPEC_MM_ARCH_H
#define STRATA_SPEC_MM_ARCH_H

#include "arch/arch.h"

/*
 * arch.h declares these without contracts (L1 is not proved). WP needs
 * to know what a call may change, so the mm proofs assume the following:
 * a lock operation changes only the lock; a TLB hook changes no C
 * object (it acts on the hardware). These are assumptions, listed in
 * the unproved.md of every mm proof module.
 */

/*@ requires valid_lock: \valid(lock);
    assigns *lock;
*/
void spin_lock(spinlock_t *lock);

/*@ requires valid_lock: \valid(lock);
    assigns *lock;
*/
void spin_unlock(spinlock_t *lock);

/*@ assigns \nothing; */
void arch_flush_guest_tlb(uint32_t tag);

#endif /* STRATA_SPEC_MM_ARCH_H */
