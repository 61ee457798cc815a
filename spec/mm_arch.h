/* SPDX-License-Identifier: MIT */
/* mm_arch.h - ACSL contracts of the arch.h functions the mm layer calls. */
#ifndef STRATA_SPEC_MM_ARCH_H
#define STRATA_SPEC_MM_ARCH_H

#include "arch/arch.h"
#include "lib/string.h"

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

/*@ requires valid_lock: \valid(lock);
    assigns *lock;
*/
void spin_lock_init(spinlock_t *lock);

/*@ assigns \nothing; */
void arch_flush_guest_tlb(uint32_t tag);

/* The direct map: a frame's bytes are valid hypervisor memory. Whether
 * they alias C objects (the frame table itself lives in frames on x86)
 * is beyond the typed memory model: see unproved.md. */
/*@ assigns \nothing;
    ensures valid_frame: \valid((char *)\result + (0 .. PAGE_SIZE - 1));
*/
void *arch_frame_to_virt(mfn_t mfn);

/* lib/string.h, proved (or not) by L0; assumed here. */
/*@ requires valid_dst: \valid((char *)dst + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1];
    ensures \result == dst;
*/
void *mem_set(void *dst, int c, size_t n);

/*@ requires valid_dst: \valid((char *)dst + (0 .. n - 1));
    requires valid_src: \valid_read((char *)src + (0 .. n - 1));
    assigns ((char *)dst)[0 .. n - 1] \from ((char *)src)[0 .. n - 1];
    ensures \result == dst;
*/
void *mem_copy(void *dst, const void *src, size_t n);

#endif /* STRATA_SPEC_MM_ARCH_H */
