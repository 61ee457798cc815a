/* SPDX-License-Identifier: MIT */
/* vector.h - who owns each IDT vector: fixed system vectors and a dynamic range. */
#ifndef STRATA_ARCH_X86_VECTOR_H
#define STRATA_ARCH_X86_VECTOR_H

#include "lib/status.h"
#include "arch/x86/traps.h"

/*
 * Layout (the LAPIC's priority class is vector >> 4, so the system
 * vectors sit in the highest class):
 *   0x00-0x1f  exceptions (never allocated)
 *   0x20-0x2f  the 8259 PICs' range after remapping (masked; reserved)
 *   0x30-0xef  dynamic: device IRQs through the IOAPIC, test IPIs
 *   0xf0-0xff  fixed system vectors below
 */
#define VEC_PIC_FIRST       0x20
#define VEC_PIC_LAST        0x2f
#define VEC_DYNAMIC_FIRST   0x30
#define VEC_DYNAMIC_LAST    0xef
/* VEC_TIMER 0xf0 and VEC_SPURIOUS 0xff come from traps.h. */
#define VEC_KICK            0xf1    /* wake-up IPI (arch_kick_cpu) */

/* Claim the fixed vector v for owner with handler (NULL: no handler, the
 * vector is only reserved). EINVAL: an exception vector or v > 0xff;
 * EBUSY: another owner has it (claiming it again as its owner replaces
 * the handler). */
status_t vector_claim(unsigned int v, const char *owner, irq_handler_fn handler);

/* Allocate the lowest free dynamic vector for owner and handler; ENOSPC
 * when the range is exhausted, EINVAL for a NULL owner or handler. */
status_t vector_alloc(const char *owner, irq_handler_fn handler, unsigned int *v);

/* Release v; EPERM if owner is not the one that claimed it, EINVAL if it
 * is free or out of range. */
status_t vector_free(unsigned int v, const char *owner);

/* The owner of v, or NULL if v is free. */
const char *vector_owner(unsigned int v);

/* Claim 0x20-0x2f for the masked 8259s: a stray interrupt there is
 * logged and ignored. Idempotent. */
void vector_reserve_legacy(void);

/* Vectors claimed so far (fixed and dynamic). */
unsigned int vector_count(void);

#endif /* STRATA_ARCH_X86_VECTOR_H */
