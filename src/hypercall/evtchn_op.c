/* SPDX-License-Identifier: MIT */
/* evtchn_op.c - event_channel_op (32): decode guest structs, invoke core. */
#include "hypercall/hypercall.h"
#include "core/evtchn.h"

/* Every argument struct of the sub-ops we implement. */
union evtchn_args {
    struct evtchn_alloc_unbound alloc_unbound;
    struct evtchn_bind_interdomain bind_interdomain;
    struct evtchn_bind_virq bind_virq;
    struct evtchn_bind_ipi bind_ipi;
    struct evtchn_close close;
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_bind_vcpu bind_vcpu;
    struct evtchn_unmask unmask;
    struct evtchn_reset reset;
};

/* Size of each sub-op's argument (0: not implemented) and whether the
 * guest gets fields back. The FIFO ABI (init_control ...) is absent on
 * purpose: its failure makes guests use the 2-level ABI. */
static const struct {
    uint16_t size;
    bool out;
} evtchn_ops[] = {
    [EVTCHNOP_bind_interdomain] = { sizeof(struct evtchn_bind_interdomain), true },
    [EVTCHNOP_bind_virq]        = { sizeof(struct evtchn_bind_virq), true },
    [EVTCHNOP_close]            = { sizeof(struct evtchn_close), false },
    [EVTCHNOP_send]             = { sizeof(struct evtchn_send), false },
    [EVTCHNOP_status]           = { sizeof(struct evtchn_status), true },
    [EVTCHNOP_alloc_unbound]    = { sizeof(struct evtchn_alloc_unbound), true },
    [EVTCHNOP_bind_ipi]         = { sizeof(struct evtchn_bind_ipi), true },
    [EVTCHNOP_bind_vcpu]        = { sizeof(struct evtchn_bind_vcpu), false },
    [EVTCHNOP_unmask]           = { sizeof(struct evtchn_unmask), false },
    [EVTCHNOP_reset]            = { sizeof(struct evtchn_reset), false },
};

static status_t op_alloc_unbound(struct domain *caller, struct evtchn_alloc_unbound *a)
{
    struct domain *d;
    domid_t remote = a->remote_dom == DOMID_SELF ? caller->id : a->remote_dom;
    status_t rc = domain_lookup(caller, a->dom, &d);

    if (rc != STATUS_OK)
        return rc;
    rc = evtchn_alloc_unbound(d, remote, &a->port);
    domain_put(d);
    return rc;
}

static status_t op_bind_interdomain(struct domain *caller, struct evtchn_bind_interdomain *a)
{
    domid_t id = a->remote_dom == DOMID_SELF ? caller->id : a->remote_dom;
    struct domain *rd = domain_get(id);
    status_t rc;

    if (!rd)
        return STATUS_ESRCH;
    rc = evtchn_bind_interdomain(caller, rd, a->remote_port, &a->local_port);
    domain_put(rd);
    return rc;
}

static status_t op_status(struct domain *caller, struct evtchn_status *a)
{
    struct domain *d;
    status_t rc = domain_lookup(caller, a->dom, &d);

    if (rc != STATUS_OK)
        return rc;
    rc = evtchn_status(d, a->port, a);
    domain_put(d);
    return rc;
}

static status_t op_reset(struct domain *caller, struct evtchn_reset *a)
{
    struct domain *d;
    status_t rc = domain_lookup(caller, a->dom, &d);

    if (rc != STATUS_OK)
        return rc;
    rc = evtchn_reset(d);
    domain_put(d);
    return rc;
}

static status_t evtchn_invoke(struct vcpu *v, unsigned int cmd, union evtchn_args *u)
{
    struct domain *d = v->domain;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        return op_alloc_unbound(d, &u->alloc_unbound);
    case EVTCHNOP_bind_interdomain:
        return op_bind_interdomain(d, &u->bind_interdomain);
    case EVTCHNOP_bind_virq:
        return evtchn_bind_virq(d, u->bind_virq.virq, u->bind_virq.vcpu, &u->bind_virq.port);
    case EVTCHNOP_bind_ipi:
        return evtchn_bind_ipi(d, u->bind_ipi.vcpu, &u->bind_ipi.port);
    case EVTCHNOP_close:
        return evtchn_close(d, u->close.port);
    case EVTCHNOP_send:
        return evtchn_send(d, u->send.port);
    case EVTCHNOP_status:
        return op_status(d, &u->status);
    case EVTCHNOP_bind_vcpu:
        return evtchn_bind_vcpu(d, u->bind_vcpu.port, u->bind_vcpu.vcpu);
    case EVTCHNOP_unmask:
        return evtchn_unmask(d, u->unmask.port);
    default: /* EVTCHNOP_reset: the table admits nothing else */
        return op_reset(d, &u->reset);
    }
}

long do_event_channel_op(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t cmd = f->args[0], arg = f->args[1];
    union evtchn_args u;
    status_t rc;

    /* Decode: a known sub-op, its struct readable, and writable if it has
     * OUT fields (written back unchanged), before anything changes. */
    if (cmd >= ARRAY_SIZE(evtchn_ops) || evtchn_ops[cmd].size == 0)
        return STATUS_ENOSYS;
    if (hypercall_copy_from_guest(v, &u, arg, evtchn_ops[cmd].size) != STATUS_OK)
        return STATUS_EFAULT;
    if (evtchn_ops[cmd].out &&
        hypercall_copy_to_guest(v, arg, &u, evtchn_ops[cmd].size) != STATUS_OK)
        return STATUS_EFAULT;
    rc = evtchn_invoke(v, (unsigned int)cmd, &u);
    if (rc == STATUS_OK && evtchn_ops[cmd].out &&
        hypercall_copy_to_guest(v, arg, &u, evtchn_ops[cmd].size) != STATUS_OK)
        return STATUS_EFAULT;
    return rc;
}
