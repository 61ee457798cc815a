/* SPDX-License-Identifier: MIT */
/* event_channel.h - event_channel_op (hypercall 32): sub-ops and their
 * argument structs, numbers and layouts identical to Xen's. */
#ifndef STRATA_PUBLIC_EVENT_CHANNEL_H
#define STRATA_PUBLIC_EVENT_CHANNEL_H

/*
 * An event channel is a port in a domain. A pending bit per port lives in
 * shared_info.evtchn_pending, a mask bit in shared_info.evtchn_mask (the
 * 2-level ABI). Sending on a port sets the pending bit of the port it is
 * connected to; if that port is unmasked the bound vCPU gets an upcall.
 * HYPERVISOR_event_channel_op(cmd, struct evtchn_xxx *arg).
 */
#include "public/xen.h"

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain  0
#define EVTCHNOP_bind_virq         1
#define EVTCHNOP_bind_pirq         2
#define EVTCHNOP_close             3
#define EVTCHNOP_send              4
#define EVTCHNOP_status            5
#define EVTCHNOP_alloc_unbound     6
#define EVTCHNOP_bind_ipi          7
#define EVTCHNOP_bind_vcpu         8
#define EVTCHNOP_unmask            9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11  /* FIFO ABI; failing it selects 2-level */
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13
#define EVTCHNOP_reset_cont       14

/* Virtual IRQs a port can be bound to. */
#define VIRQ_TIMER      0   /* per vCPU: the singleshot/periodic timer */
#define VIRQ_DEBUG      1   /* per vCPU */
#define VIRQ_CONSOLE    2   /* global: console input for the control domain */
#define VIRQ_DOM_EXC    3   /* global */
#define VIRQ_TBUF       4   /* global */
#define VIRQ_DEBUGGER   6   /* global */
#define VIRQ_XENOPROF   7   /* per vCPU */
#define VIRQ_CON_RING   8   /* global */
#define VIRQ_PCPU_STATE 9   /* global */
#define VIRQ_MEM_EVENT 10   /* global */
#define VIRQ_ARGO      11   /* global */
#define VIRQ_ENOMEM    12   /* global */
#define VIRQ_XENPMU    13   /* per vCPU */
#define VIRQ_ARCH_0    16
#define VIRQ_ARCH_7    23
#define NR_VIRQS       24

/* Allocate a port in dom that remote_dom may later bind to.
 * IN dom (DOMID_SELF or, privileged, another), remote_dom; OUT port. */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;
    evtchn_port_t port;
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connect a new local port to an unbound port of remote_dom that was
 * allocated for the caller. IN remote_dom, remote_port; OUT local_port. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;
    uint16_t pad;
    evtchn_port_t remote_port;
    evtchn_port_t local_port;
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/* Bind a virtual IRQ to a new port delivered to vcpu. IN virq, vcpu; OUT port. */
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/* A new port for inter-processor events to vcpu. IN vcpu; OUT port. */
struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/* Close a port (an interdomain peer becomes unbound). IN port. */
struct evtchn_close {
    evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

/* Signal the port's other end. IN port. */
struct evtchn_send {
    evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5

/* Describe a port. IN dom, port; OUT status (EVTCHNSTAT_*), vcpu, u. */
struct evtchn_status {
    domid_t dom;
    uint16_t pad;
    evtchn_port_t port;
    uint32_t status;
    uint32_t vcpu;
    union {
        struct { domid_t dom; } unbound;
        struct { domid_t dom; uint16_t pad; evtchn_port_t port; } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;

/* Deliver the port to another vCPU. IN port, vcpu. */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/* Clear the mask bit and redeliver if the port is pending. IN port. */
struct evtchn_unmask {
    evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/* Close every port of dom. IN dom (DOMID_SELF or, privileged, another). */
struct evtchn_reset {
    domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound");
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "bind_interdomain");
_Static_assert(__builtin_offsetof(struct evtchn_bind_interdomain, remote_port) == 4, "remote_port");
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq");
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi");
_Static_assert(sizeof(struct evtchn_status) == 24, "status");
_Static_assert(__builtin_offsetof(struct evtchn_status, u) == 16, "status.u");
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "bind_vcpu");
_Static_assert(sizeof(struct evtchn_reset) == 2, "reset");
#endif

#endif /* STRATA_PUBLIC_EVENT_CHANNEL_H */
