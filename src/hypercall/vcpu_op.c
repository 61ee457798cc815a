/* SPDX-License-Identifier: MIT */
/* vcpu_op.c - vcpu_op (24): up/down, runstate, timers, vcpu_info placement. */
#include "hypercall/hypercall.h"
#include "hypercall/vcpu_op.h"
#include "core/mm_port.h"
#include "lib/string.h"
#include "public/errno.h"
#include "public/vcpu.h"

/*
 * The basics Linux needs to reach init. Timers are recorded on the vCPU
 * (deadline, period) for the timer module to arm; runstate times stay 0
 * until the scheduler accounts them. VCPUOP_initialise goes to the guest
 * layer's register-context loader (vcpu_op.h).
 */
#define VCPU_MIN_PERIOD_NS 1000000ULL   /* 1 ms, as Xen */

static vcpu_initialise_fn initialise_fn;

void vcpu_op_set_initialise(vcpu_initialise_fn fn)
{
    initialise_fn = fn;
}

static long op_up(struct vcpu *target)
{
    if (!target->initialised)
        return STATUS_EINVAL;
    target->online = true;
    vcpu_kick(target);
    return STATUS_OK;
}

static long op_runstate(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    struct vcpu_runstate_info info;

    mem_set(&info, 0, sizeof(info));
    if (!target->online)
        info.state = RUNSTATE_offline;
    else if (target->blocked)
        info.state = RUNSTATE_blocked;
    else
        info.state = target == v ? RUNSTATE_running : RUNSTATE_runnable;
    return hypercall_copy_to_guest(v, arg, &info, sizeof(info)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}

static long op_runstate_area(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    struct vcpu_register_runstate_memory_area area;

    if (hypercall_copy_from_guest(v, &area, arg, sizeof(area)) != STATUS_OK)
        return STATUS_EFAULT;
    target->runstate_area = area.addr;
    return STATUS_OK;
}

static long op_periodic(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    struct vcpu_set_periodic_timer t;

    if (hypercall_copy_from_guest(v, &t, arg, sizeof(t)) != STATUS_OK)
        return STATUS_EFAULT;
    if (t.period_ns < VCPU_MIN_PERIOD_NS)
        return STATUS_EINVAL;
    target->periodic_period_ns = t.period_ns;
    return STATUS_OK;
}

static long op_singleshot(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    struct vcpu_set_singleshot_timer t;

    if (hypercall_copy_from_guest(v, &t, arg, sizeof(t)) != STATUS_OK)
        return STATUS_EFAULT;
    if ((t.flags & VCPU_SSHOTTMR_future) && t.timeout_abs_ns < arch_now_ns())
        return -XEN_ETIME;
    target->singleshot_deadline_ns = t.timeout_abs_ns;
    return STATUS_OK;
}

/* Move target's vcpu_info into a guest frame (once): the old contents
 * come along and every word is marked for a rescan, as Xen does. */
static long op_register_vcpu_info(struct vcpu *v, struct vcpu *target, uint64_t arg)
{
    struct vcpu_register_vcpu_info r;
    struct vcpu_info *info;
    mfn_t mfn;

    if (hypercall_copy_from_guest(v, &r, arg, sizeof(r)) != STATUS_OK)
        return STATUS_EFAULT;
    if (r.rsvd != 0 || r.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
        (r.offset & 7) != 0 || target->info != NULL)
        return STATUS_EINVAL;
    if (mm_port_frame_of(v->domain, r.mfn, &mfn) != STATUS_OK ||
        mm_port_get_frame(v->domain, mfn, true) != STATUS_OK)
        return STATUS_EINVAL;
    info = (struct vcpu_info *)((char *)arch_frame_to_virt(mfn) + r.offset);
    mem_copy(info, vcpu_info_of(target), sizeof(*info));
    info->evtchn_pending_sel = ~(xen_ulong_t)0;
    info->evtchn_upcall_pending = 1;
    target->info = info;
    target->info_mfn = mfn;
    return STATUS_OK;
}

static long vcpu_invoke(struct vcpu *v, struct vcpu *target, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case VCPUOP_initialise:
        return initialise_fn != NULL ? initialise_fn(v, target, arg) : STATUS_ENOSYS;
    case VCPUOP_up:
        return op_up(target);
    case VCPUOP_down:
        target->online = false;
        return STATUS_OK;
    case VCPUOP_is_up:
        return target->online;
    case VCPUOP_get_runstate_info:
        return op_runstate(v, target, arg);
    case VCPUOP_register_runstate_memory_area:
        return op_runstate_area(v, target, arg);
    case VCPUOP_set_periodic_timer:
        return op_periodic(v, target, arg);
    case VCPUOP_stop_periodic_timer:
        target->periodic_period_ns = 0;
        return STATUS_OK;
    case VCPUOP_set_singleshot_timer:
        return op_singleshot(v, target, arg);
    case VCPUOP_stop_singleshot_timer:
        target->singleshot_deadline_ns = 0;
        return STATUS_OK;
    case VCPUOP_register_vcpu_info:
        return op_register_vcpu_info(v, target, arg);
    default:
        return STATUS_ENOSYS;
    }
}

long do_vcpu_op(struct vcpu *v, struct hypercall_frame *f)
{
    struct vcpu *target = domain_vcpu(v->domain, (uint32_t)f->args[1]);

    if (f->args[1] > UINT32_MAX || !target)
        return STATUS_ENOENT;
    return vcpu_invoke(v, target, f->args[0], f->args[2]);
}
