/* SPDX-License-Identifier: MIT */
/* spinlock.c - ticket spinlocks: FIFO order under contention. */
#include "arch/arch.h"
#include "arch/x86/cpu.h"

void spin_lock_init(spinlock_t *lock)
{
    lock->next = 0;
    lock->owner = 0;
}

void spin_lock(spinlock_t *lock)
{
    uint16_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
        cpu_relax();
}

void spin_unlock(spinlock_t *lock)
{
    /* Only the holder writes owner, so a plain increment is race-free;
     * the release store orders the critical section before it. */
    __atomic_store_n(&lock->owner, (uint16_t)(lock->owner + 1), __ATOMIC_RELEASE);
}

bool spin_is_locked(const spinlock_t *lock)
{
    return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) !=
           __atomic_load_n(&lock->next, __ATOMIC_RELAXED);
}
