/* SPDX-License-Identifier: MIT */
/* pv_hypercalls.c - the PV-only hypercalls: traps, callbacks, stacks, bases, timer. */
#include "guest/pv/pv_hypercalls.h"
#include "guest/pv/pv_desc.h"
#include "guest/pv/pv_mm.h"
#include "guest/vcpu_state.h"
#include "public/callback.h"
#include "public/physdev.h"

#define TRAP_TABLE_BUDGET 256U  /* entries per call before a continuation */
/* Canonical guest addresses below the hypervisor's hole. */
#define GUEST_HOLE_START 0xffff800000000000ULL
#define GUEST_HOLE_END   0xffff880000000000ULL

static bool guest_address_ok(uint64_t va)
{
    bool canonical = va < 0x0000800000000000ULL || va >= 0xffff800000000000ULL;

    return canonical && !(va >= GUEST_HOLE_START && va < GUEST_HOLE_END);
}

bool pv_guest_address_ok(uint64_t va)
{
    return guest_address_ok(va);
}

static struct pv_vcpu *pv_of(struct vcpu *v)
{
    struct guest_vcpu *gv = guest_vcpu_of(v);

    return gv != NULL ? &gv->pv : NULL;
}

static status_t set_trap(struct pv_vcpu *pv, const struct trap_info *t)
{
    if (!guest_address_ok(t->address))
        return STATUS_EINVAL;
    pv->traps[t->vector] = (struct pv_trap){
        .address = t->address, .cs = t->cs, .flags = t->flags,
    };
    return STATUS_OK;
}

/* set_trap_table(list): entries until one with address 0; a NULL list
 * clears the table. Preemptible: the list pointer advances. */
long do_set_trap_table(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);
    struct trap_info t;

    if (pv == NULL)
        return STATUS_ENOSYS;
    if (f->args[0] == 0) {
        for (unsigned int i = 0; i < PV_NR_VECTORS; i++)
            pv->traps[i] = (struct pv_trap){ 0 };
        return STATUS_OK;
    }
    for (unsigned int done = 0;; done++) {
        if (done == TRAP_TABLE_BUDGET || (done > 0 && hypercall_preempt_check()))
            return hypercall_continue(f);
        if (hypercall_copy_from_guest(v, &t, f->args[0], sizeof(t)) != STATUS_OK)
            return STATUS_EFAULT;
        if (t.address == 0)
            return STATUS_OK;
        if (set_trap(pv, &t) != STATUS_OK)
            return STATUS_EINVAL;
        f->args[0] += sizeof(t);
    }
}

/* stack_switch(ss, sp): the kernel stack for traps taken in user mode. */
long do_stack_switch(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);

    if (pv == NULL)
        return STATUS_ENOSYS;
    if (!guest_address_ok(f->args[1]))
        return STATUS_EINVAL;
    pv->kernel_sp = f->args[1];
    return STATUS_OK;
}

static status_t register_callback(struct pv_vcpu *pv, const struct callback_register *cb)
{
    bool mask = (cb->flags & CALLBACKF_mask_events) != 0;

    if (!guest_address_ok(cb->address))
        return STATUS_EINVAL;
    switch (cb->type) {
    case CALLBACKTYPE_event:
        pv->event_callback = cb->address;
        return STATUS_OK;
    case CALLBACKTYPE_failsafe:
        pv->failsafe_callback = cb->address;
        pv->failsafe_masks_events = mask;
        return STATUS_OK;
    case CALLBACKTYPE_syscall:
        pv->syscall_callback = cb->address;
        pv->syscall_masks_events = mask;
        return STATUS_OK;
    case CALLBACKTYPE_syscall32:
    case CALLBACKTYPE_sysenter:
    case CALLBACKTYPE_nmi:
        /* No 32-bit user code and no guest NMIs: accepted, never used. */
        return STATUS_OK;
    default:
        return STATUS_EINVAL;
    }
}

static status_t unregister_callback(struct pv_vcpu *pv, const struct callback_unregister *cb)
{
    switch (cb->type) {
    case CALLBACKTYPE_event:
        pv->event_callback = 0;
        return STATUS_OK;
    case CALLBACKTYPE_failsafe:
        pv->failsafe_callback = 0;
        return STATUS_OK;
    case CALLBACKTYPE_syscall:
        pv->syscall_callback = 0;
        return STATUS_OK;
    default:
        return STATUS_EINVAL;
    }
}

long do_callback_op(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);
    struct callback_register reg;
    struct callback_unregister unreg;

    if (pv == NULL)
        return STATUS_ENOSYS;
    switch (f->args[0]) {
    case CALLBACKOP_register:
        if (hypercall_copy_from_guest(v, &reg, f->args[1], sizeof(reg)) != STATUS_OK)
            return STATUS_EFAULT;
        return register_callback(pv, &reg);
    case CALLBACKOP_unregister:
        if (hypercall_copy_from_guest(v, &unreg, f->args[1], sizeof(unreg)) != STATUS_OK)
            return STATUS_EFAULT;
        return unregister_callback(pv, &unreg);
    default:
        return STATUS_ENOSYS;
    }
}

/* set_callbacks(event, failsafe, syscall): the older form of the above. */
long do_set_callbacks(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);

    if (pv == NULL)
        return STATUS_ENOSYS;
    for (unsigned int i = 0; i < 3; i++)
        if (f->args[i] != 0 && !guest_address_ok(f->args[i]))
            return STATUS_EINVAL;
    pv->event_callback = f->args[0];
    pv->failsafe_callback = f->args[1];
    pv->syscall_callback = f->args[2];
    return STATUS_OK;
}

/* set_segment_base(which, base). */
long do_set_segment_base(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);
    uint64_t base = f->args[1];
    uint16_t sel;

    if (pv == NULL)
        return STATUS_ENOSYS;
    if (f->args[0] != SEGBASE_GS_USER_SEL && !guest_address_ok(base))
        return STATUS_EINVAL;
    switch (f->args[0]) {
    case SEGBASE_FS:
        pv->fs_base = base;
        break;
    case SEGBASE_GS_USER:
        pv->gs_base_user = base;
        break;
    case SEGBASE_GS_KERNEL:
        pv->gs_base_kernel = base;
        break;
    case SEGBASE_GS_USER_SEL:
        /* The user GS selector (Linux: load_gs_index), its base taken
         * from the descriptor. As in Xen, the RPL becomes 3 and a
         * selector that cannot be loaded gives the null one (Linux BUGs
         * if this call fails). */
        sel = (uint16_t)base;
        if (sel > 3)
            sel |= 3;
        if (!pv_desc_gs_loadable(pv, sel))
            sel = 0;
        pv->gs_base_user = arch_load_guest_user_gs(sel);
        break;
    default:
        return STATUS_EINVAL;
    }
    arch_set_guest_bases(pv->fs_base, v->pv_user_mode ? pv->gs_base_user
                                                      : pv->gs_base_kernel);
    return STATUS_OK;
}

/* set_timer_op(deadline): VIRQ_TIMER at absolute system time deadline
 * (ns); 0 stops the timer. The run loop arms the real timer. */
long do_set_timer_op(struct vcpu *v, struct hypercall_frame *f)
{
    spin_lock(&v->domain->lock);
    v->singleshot_deadline_ns = f->args[0];
    spin_unlock(&v->domain->lock);
    return STATUS_OK;
}

/* fpu_taskswitch(set): the guest's virtual CR0.TS, as Xen keeps it: while
 * set, the vCPU runs with the real TS set (run.c) so its next FPU use
 * raises #NM, which clears it again on its way to the guest. The call
 * comes from v itself, so v runs on this CPU. */
long do_fpu_taskswitch(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);

    if (pv == NULL)
        return STATUS_ENOSYS;
    pv->fpu_ts = f->args[0] != 0;
    arch_fpu_set_ts(pv->fpu_ts);
    return STATUS_OK;
}

/* iret only makes sense as a direct call (pv_exec handles it there). */
long do_iret_indirect(struct vcpu *v, struct hypercall_frame *f)
{
    (void)v;
    (void)f;
    return STATUS_EINVAL;
}

/* vm_assist(cmd, type): Linux asks for writable_pagetables and
 * pae_extended_cr3; Strata already behaves that way or ignores them. */
long do_vm_assist(struct vcpu *v, struct hypercall_frame *f)
{
    (void)v;
    if (f->args[0] > 1 || f->args[1] >= 64)
        return STATUS_EINVAL;
    return STATUS_OK;
}

/* physdev_op(cmd, arg): a domU has no devices; only its virtual IOPL
 * (Linux sets 1 at boot so that CLI/STI in its kernel are accepted). */
long do_physdev_op(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);
    struct physdev_set_iopl s;

    if (pv == NULL || f->args[0] != PHYSDEVOP_set_iopl)
        return STATUS_ENOSYS;
    if (hypercall_copy_from_guest(v, &s, f->args[1], sizeof(s)) != STATUS_OK)
        return STATUS_EFAULT;
    if (s.iopl > 3)
        return STATUS_EINVAL;
    pv->iopl = (uint8_t)s.iopl;
    return STATUS_OK;
}

#define DR7_ENABLES  0xffULL          /* L0-3/G0-3: a breakpoint is armed */
#define DR7_GD       (1ULL << 13)

/*
 * set_debugreg(reg, value): the registers are kept per vCPU but never
 * loaded into the CPU, so anything that would arm a breakpoint (DR7
 * enable bits) is refused with -EPERM, as is GD (privileged, as in
 * Xen). Linux writes DR7 = 0 and ignores the result of the call.
 * DR4/DR5 are DR6/DR7 (CR4.DE is clear); the upper halves of DR6/DR7
 * are reserved.
 */
long do_set_debugreg(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);
    uint64_t reg = f->args[0], value = f->args[1];

    if (pv == NULL)
        return STATUS_ENOSYS;
    if (reg > 7)
        return STATUS_EINVAL;
    if (reg <= 3) {
        if (!guest_address_ok(value))
            return STATUS_EPERM;
        pv->dr[reg] = value;
        return STATUS_OK;
    }
    reg = reg == 4 ? 6 : reg == 5 ? 7 : reg;
    if (value != (uint32_t)value)
        return STATUS_EINVAL;
    if (reg == 7 && (value & (DR7_ENABLES | DR7_GD)))
        return STATUS_EPERM;
    pv->dr[reg] = value;
    return STATUS_OK;
}

/* get_debugreg(reg): the value set (DR4/5 alias DR6/7); -ENODEV past 7. */
long do_get_debugreg(struct vcpu *v, struct hypercall_frame *f)
{
    struct pv_vcpu *pv = pv_of(v);
    uint64_t reg = f->args[0];

    if (pv == NULL)
        return STATUS_ENOSYS;
    if (reg > 7)
        return STATUS_ENODEV;
    reg = reg == 4 ? 6 : reg == 5 ? 7 : reg;
    return (long)pv->dr[reg];
}

status_t pv_hypercalls_register(void)
{
    static const struct { unsigned int nr; hypercall_fn fn; } table[] = {
        { __HYPERVISOR_set_trap_table, do_set_trap_table },
        { __HYPERVISOR_stack_switch, do_stack_switch },
        { __HYPERVISOR_set_callbacks, do_set_callbacks },
        { __HYPERVISOR_fpu_taskswitch, do_fpu_taskswitch },
        { __HYPERVISOR_set_timer_op, do_set_timer_op },
        { __HYPERVISOR_vm_assist, do_vm_assist },
        { __HYPERVISOR_iret, do_iret_indirect },
        { __HYPERVISOR_set_segment_base, do_set_segment_base },
        { __HYPERVISOR_callback_op, do_callback_op },
        { __HYPERVISOR_set_gdt, do_set_gdt },
        { __HYPERVISOR_update_descriptor, do_update_descriptor },
        { __HYPERVISOR_physdev_op, do_physdev_op },
        { __HYPERVISOR_set_debugreg, do_set_debugreg },
        { __HYPERVISOR_get_debugreg, do_get_debugreg },
    };

    for (unsigned int i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        status_t rc = hypercall_register(table[i].nr, table[i].fn);

        if (rc != STATUS_OK)
            return rc;
    }
    return pv_mm_register();          /* mmu_update, mmuext_op, ... */
}
