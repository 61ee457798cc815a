/* SPDX-License-Identifier: MIT */
/* sched_op.c - sched_op (29): yield, block, shutdown, poll, remote_shutdown. */
#include "hypercall/hypercall.h"
#include "core/evtchn.h"
#include "public/sched.h"

/* Ports one SCHEDOP_poll may wait on (Xen's limit). */
#define SCHED_POLL_MAX_PORTS 128U

static long op_shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_shutdown op;

    if (hypercall_copy_from_guest(v, &op, arg, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    if (op.reason > SHUTDOWN_MAX)
        return STATUS_EINVAL;
    return domain_shutdown(v->domain, op.reason);
}

static long op_remote_shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_remote_shutdown op;
    struct domain *d;
    status_t rc;

    if (hypercall_copy_from_guest(v, &op, arg, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    if (op.reason > SHUTDOWN_MAX)
        return STATUS_EINVAL;
    if (!v->domain->privileged)
        return STATUS_EPERM;
    rc = domain_lookup(v->domain, op.domain_id, &d);
    if (rc != STATUS_OK)
        return rc;
    rc = domain_shutdown(d, op.reason);
    domain_put(d);
    return rc;
}

/* Decode every port first (readable, valid); then block unless one of
 * them is already pending. The timeout needs the timer module: a poll
 * with a timeout blocks like one without until an event arrives. */
static long op_poll(struct vcpu *v, uint64_t arg)
{
    struct sched_poll op;
    bool pending = false;

    if (hypercall_copy_from_guest(v, &op, arg, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    if (op.nr_ports > SCHED_POLL_MAX_PORTS)
        return STATUS_EINVAL;
    /*@ loop invariant bound: 0 <= i <= op.nr_ports;
        loop assigns i, pending;
        loop variant op.nr_ports - i; */
    for (uint32_t i = 0; i < op.nr_ports; i++) {
        evtchn_port_t port;

        if (hypercall_copy_from_guest(v, &port, op.ports + i * sizeof(port),
                                      sizeof(port)) != STATUS_OK)
            return STATUS_EFAULT;
        if (!evtchn_port_valid(v->domain, port))
            return STATUS_EINVAL;
        pending = pending || evtchn_is_pending(v->domain, port);
    }
    if (!pending && op.nr_ports > 0) {
        v->blocked = true;
        vcpu_yield(v);
    }
    return STATUS_OK;
}

long do_sched_op(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t arg = f->args[1];

    switch (f->args[0]) {
    case SCHEDOP_yield:
        vcpu_yield(v);
        return STATUS_OK;
    case SCHEDOP_block:
        vcpu_block(v);
        return STATUS_OK;
    case SCHEDOP_shutdown:
        return op_shutdown(v, arg);
    case SCHEDOP_poll:
        return op_poll(v, arg);
    case SCHEDOP_remote_shutdown:
        return op_remote_shutdown(v, arg);
    default:
        return STATUS_ENOSYS;
    }
}
