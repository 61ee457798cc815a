/* SPDX-License-Identifier: MIT */
/* multicall.c - multicall (13): a batch of hypercalls in guest memory. */
#include "hypercall/hypercall.h"

/*
 * do_multicall(entries, nr): run each entry's call and store its result.
 * Nested multicalls and iret are refused per entry (-EINVAL): neither
 * may run inside a batch (Xen learnt this the hard way, XSA-213). When a
 * call inside needs a continuation its updated arguments are written back
 * into its entry and the multicall itself continues at that entry; after
 * HYPERCALL_BATCH_BUDGET entries or a preemption request the multicall
 * continues at the next entry. Progress lives in (entries, nr).
 */

static bool multicall_allowed(uint64_t op)
{
    return op != __HYPERVISOR_multicall && op != __HYPERVISOR_iret;
}

/* Run one entry; true if it asked for a continuation. */
static bool multicall_one(struct vcpu *v, struct multicall_entry *e)
{
    struct hypercall_frame sub = { .op = e->op };

    if (!multicall_allowed(e->op)) {
        e->result = STATUS_EINVAL;
        return false;
    }
    for (unsigned int i = 0; i < HYPERCALL_NR_ARGS; i++)
        sub.args[i] = e->args[i];
    e->result = hypercall_dispatch(v, &sub);
    if (!sub.preempted)
        return false;
    for (unsigned int i = 0; i < HYPERCALL_NR_ARGS; i++)
        e->args[i] = sub.args[i];
    return true;
}

long do_multicall(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t list = f->args[0];
    uint64_t nr = (uint32_t)f->args[1];
    struct multicall_entry e;

    for (uint64_t done = 0; done < nr; done++) {
        uint64_t addr = list + done * sizeof(e);

        if (done >= HYPERCALL_BATCH_BUDGET || (done > 0 && hypercall_preempt_check())) {
            f->args[0] = addr;
            f->args[1] = nr - done;
            return hypercall_continue(f);
        }
        if (hypercall_copy_from_guest(v, &e, addr, sizeof(e)) != STATUS_OK)
            return STATUS_EFAULT;
        bool again = multicall_one(v, &e);
        if (hypercall_copy_to_guest(v, addr, &e, sizeof(e)) != STATUS_OK)
            return STATUS_EFAULT;
        if (again) {
            f->args[0] = addr;
            f->args[1] = nr - done;
            return hypercall_continue(f);
        }
    }
    return STATUS_OK;
}
