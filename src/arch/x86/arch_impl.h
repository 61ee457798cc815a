/* SPDX-License-Identifier: MIT */
/* arch_impl.h (x86) - the types arch.h leaves to the implementation. */
#ifndef STRATA_ARCH_X86_ARCH_IMPL_H
#define STRATA_ARCH_X86_ARCH_IMPL_H

/* A ticket lock: fair under contention, a plain pair of counters. */
typedef struct spinlock {
    volatile uint16_t next;    /* ticket handed to the next arrival */
    volatile uint16_t owner;   /* ticket now holding the lock */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

#endif /* STRATA_ARCH_X86_ARCH_IMPL_H */
