/* SPDX-License-Identifier: MIT */
/* arch_impl.h (host) - the types arch.h leaves to the implementation. */
#ifndef STRATA_ARCH_HOST_ARCH_IMPL_H
#define STRATA_ARCH_HOST_ARCH_IMPL_H

/* Host tests are single-threaded per module: a lock is a held counter,
 * so tests can assert lock discipline. */
typedef struct spinlock {
    int held;
} spinlock_t;

#define SPINLOCK_INIT { 0 }

#endif /* STRATA_ARCH_HOST_ARCH_IMPL_H */
