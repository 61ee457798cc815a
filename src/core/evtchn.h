/* SPDX-License-Identifier: MIT */
/* evtchn.h - event channels, 2-level ABI: ports, bindings, delivery. */
#ifndef STRATA_CORE_EVTCHN_H
#define STRATA_CORE_EVTCHN_H

/*
 * Each domain has ports 1 .. limits.max_evtchn_ports - 1 (port 0 is never
 * handed out). A port is closed, unbound (waiting for a given remote
 * domain), interdomain (connected to a port of another or the same
 * domain), bound to a VIRQ of one vCPU, or an IPI port. Pending and mask
 * bits live in the domain's shared_info (2-level ABI); delivery sets the
 * vCPU's pending_sel bit and upcall_pending and kicks it. Interdomain
 * bindings are symmetric (spec/evtchn.md). Each domain's ports are
 * protected by its event_lock; operations on two domains take both, the
 * lower domid first.
 */
#include "core/domain.h"
#include "public/event_channel.h"

#define EVTCHN_MAX_PORTS EVTCHN_2L_NR_CHANNELS

/* One port (state owned by evtchn.c; exposed for the predicates). */
struct evtchn {
    uint8_t state;              /* EVTCHNSTAT_* */
    uint8_t pad;
    domid_t remote_dom;         /* unbound: who may bind; interdomain: peer */
    evtchn_port_t remote_port;  /* interdomain: the peer's port */
    uint32_t notify_vcpu;       /* vCPU that gets the upcall */
    uint32_t virq;              /* virq: which VIRQ */
};

#include "evtchn_logic.h"

/* Close every port of every domain (with domain_table_reset). */
/* Writes only this module's private state, which a header cannot name:
 * the contract has no assigns clause, so callers may assume nothing
 * about memory afterwards (WP treats it as assigning everything). */
/*@ requires no_users: \true; */
void evtchn_table_reset(void);

/* A new domain starts with all ports closed. */
/*@ requires valid_d: DomainValid(d); */
void evtchn_domain_init(struct domain *d);

/* Close every port of a dying domain (peers become unbound). */
/*@ requires valid_d: DomainValid(d); */
void evtchn_domain_teardown(struct domain *d);

/* A new unbound port of d that domain remote may bind to.
 * -ENOSPC no free port below d's limit. */
/*@
  requires valid_d: DomainValid(d);
  requires valid_port: \valid(port);
  ensures result: \result == STATUS_OK || \result == STATUS_ENOSPC ||
                  \result == STATUS_EINVAL;
  ensures port_bound: \result == STATUS_OK ==>
      0 < *port < d->limits.max_evtchn_ports;
*/
status_t evtchn_alloc_unbound(struct domain *d, domid_t remote, evtchn_port_t *port);

/* Connect a new port of ld to port rport of rd, which must be unbound
 * and allocated for ld. -EINVAL bad rport or state, -ENOSPC no port. */
/*@
  requires valid_ld: DomainValid(ld);
  requires valid_rd: DomainValid(rd);
  requires valid_port: \valid(lport);
  ensures result: \result == STATUS_OK || \result == STATUS_ENOSPC ||
                  \result == STATUS_EINVAL;
  ensures port_bound: \result == STATUS_OK ==>
      0 < *lport < ld->limits.max_evtchn_ports;
*/
status_t evtchn_bind_interdomain(struct domain *ld, struct domain *rd,
                                 evtchn_port_t rport, evtchn_port_t *lport);

/* Bind virq of vCPU vcpu to a new port. -EINVAL bad virq, a global VIRQ
 * on a vCPU other than 0; -ENOENT no such vCPU; -EEXIST already bound. */
/*@
  requires valid_d: DomainValid(d);
  requires valid_port: \valid(port);
  ensures result: \result == STATUS_OK || \result == STATUS_EINVAL ||
      \result == STATUS_ENOENT || \result == STATUS_EEXIST ||
      \result == STATUS_ENOSPC;
*/
status_t evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu,
                          evtchn_port_t *port);

/* A new IPI port delivered to vcpu. -ENOENT no such vCPU. */
/*@
  requires valid_d: DomainValid(d);
  requires valid_port: \valid(port);
  ensures result: \result == STATUS_OK || \result == STATUS_ENOENT ||
                  \result == STATUS_ENOSPC;
*/
status_t evtchn_bind_ipi(struct domain *d, uint32_t vcpu, evtchn_port_t *port);

/* Close port; an interdomain peer becomes unbound (for d). -EINVAL bad or
 * closed port. */
/*@ requires valid_d: DomainValid(d);    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t evtchn_close(struct domain *d, evtchn_port_t port);

/* Signal port's other end (interdomain peer, or the IPI port itself);
 * an unbound port drops the event. -EINVAL bad port, closed or VIRQ. */
/*@ requires valid_d: DomainValid(d);    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t evtchn_send(struct domain *d, evtchn_port_t port);

/* Describe port of d in *out (dom and port fields are left as given). */
/*@ requires valid_d: DomainValid(d); requires valid_out: \valid(out);
    assigns out->status, out->vcpu, out->u;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t evtchn_status(struct domain *d, evtchn_port_t port, struct evtchn_status *out);

/* Clear port's mask bit and deliver it if it is pending. */
/*@ requires valid_d: DomainValid(d);    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t evtchn_unmask(struct domain *d, evtchn_port_t port);

/* Deliver port to vcpu from now on. -EINVAL for per-vCPU bindings (VIRQ
 * of a vCPU, IPI) and closed ports, -ENOENT no such vCPU. */
/*@ requires valid_d: DomainValid(d);    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL ||
                    \result == STATUS_ENOENT; */
status_t evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu);

/* Close every port of d (EVTCHNOP_reset). */
/*@ requires valid_d: DomainValid(d); */
status_t evtchn_reset(struct domain *d);

/* Raise virq on vCPU v (global VIRQs go to the port bound on vCPU 0).
 * Returns true if a port was bound and marked pending. */
/*@ requires valid_v: VcpuValid(v); */
bool evtchn_send_virq(struct vcpu *v, uint32_t virq);

/* Raise port of d from the hypervisor's side when it is unbound: the
 * rings Strata serves itself (a domU console) have no peer domain.
 * -EINVAL for a bad port or one in any other state. */
/*@ requires valid_d: DomainValid(d);
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL; */
status_t evtchn_raise_unbound(struct domain *d, evtchn_port_t port);

/* True if port of d is valid and its pending bit is set. */
/*@ requires valid_d: DomainValid(d); assigns \nothing; */
bool evtchn_is_pending(struct domain *d, evtchn_port_t port);

/* True if port is a usable port number of d (1 .. limit - 1). */
/*@
  requires valid_d: DomainValid(d);
  assigns \nothing;
  ensures valid: \result <==> (0 < port < d->limits.max_evtchn_ports);
*/
bool evtchn_port_valid(const struct domain *d, evtchn_port_t port);

/* Check every invariant of spec/evtchn.md over the whole table (tests and
 * the fuzzer call it after each operation). */
/*@ assigns \nothing; */
bool evtchn_invariants_hold(void);

#endif /* STRATA_CORE_EVTCHN_H */
