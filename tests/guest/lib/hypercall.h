/* SPDX-License-Identifier: MIT */
/* hypercall.h - one wrapper per hypercall the tests use, over arch_hypercall(). */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include "arch.h"
#include "public/xen.h"
#include "public/callback.h"
#include "public/console_io.h"
#include "public/errno.h"
#include "public/event_channel.h"
#include "public/grant_table.h"
#include "public/memory.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

/* Any hypercall by number with up to five arguments (missing ones 0). */
#define HC_ARGS(nr, a1, a2, a3, a4, a5, ...) \
    arch_hypercall((long)(nr), (long)(a1), (long)(a2), (long)(a3), (long)(a4), (long)(a5))
#define HC(...) HC_ARGS(__VA_ARGS__, 0, 0, 0, 0, 0, 0)

static inline long hypercall_set_trap_table(const struct trap_info *t)
{ return HC(__HYPERVISOR_set_trap_table, t); }
static inline long hypercall_mmu_update(struct mmu_update *u, unsigned int n,
                                        unsigned int *done, domid_t dom)
{ return HC(__HYPERVISOR_mmu_update, u, n, done, dom); }
static inline long hypercall_stack_switch(unsigned long ss, unsigned long sp)
{ return HC(__HYPERVISOR_stack_switch, ss, sp); }
static inline long hypercall_fpu_taskswitch(int set)
{ return HC(__HYPERVISOR_fpu_taskswitch, set); }
static inline long hypercall_memory_op(unsigned int cmd, void *arg)
{ return HC(__HYPERVISOR_memory_op, cmd, arg); }
static inline long hypercall_multicall(struct multicall_entry *calls, unsigned int n)
{ return HC(__HYPERVISOR_multicall, calls, n); }
static inline long hypercall_update_va_mapping(unsigned long va, uint64_t pte, unsigned long flags)
{ return HC(__HYPERVISOR_update_va_mapping, va, pte, flags); }
static inline long hypercall_set_timer_op(uint64_t deadline_ns)
{ return HC(__HYPERVISOR_set_timer_op, deadline_ns); }
static inline long hypercall_xen_version(unsigned int cmd, void *arg)
{ return HC(__HYPERVISOR_xen_version, cmd, arg); }
static inline long hypercall_console_io(unsigned int cmd, unsigned int count, const void *buf)
{ return HC(__HYPERVISOR_console_io, cmd, count, buf); }
static inline long hypercall_grant_table_op(unsigned int cmd, void *args, unsigned int count)
{ return HC(__HYPERVISOR_grant_table_op, cmd, args, count); }
static inline long hypercall_vm_assist(unsigned int cmd, unsigned int type)
{ return HC(__HYPERVISOR_vm_assist, cmd, type); }
static inline long hypercall_vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{ return HC(__HYPERVISOR_vcpu_op, cmd, vcpu, arg); }
static inline long hypercall_set_segment_base(unsigned int which, unsigned long base)
{ return HC(__HYPERVISOR_set_segment_base, which, base); }
static inline long hypercall_mmuext_op(struct mmuext_op *ops, unsigned int n,
                                       unsigned int *done, domid_t dom)
{ return HC(__HYPERVISOR_mmuext_op, ops, n, done, dom); }
static inline long hypercall_sched_op(unsigned int cmd, void *arg)
{ return HC(__HYPERVISOR_sched_op, cmd, arg); }
static inline long hypercall_callback_op(unsigned int cmd, void *arg)
{ return HC(__HYPERVISOR_callback_op, cmd, arg); }
static inline long hypercall_event_channel_op(unsigned int cmd, void *arg)
{ return HC(__HYPERVISOR_event_channel_op, cmd, arg); }

/* SCHEDOP_shutdown(reason); returns only if the hypervisor refused. */
static inline long hypercall_shutdown(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return hypercall_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* GUEST_HYPERCALL_H */
