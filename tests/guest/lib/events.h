/* SPDX-License-Identifier: MIT */
/* events.h - event channels: hypercall wrappers, the upcall, waiting. */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include "libc.h"
#include "public/event_channel.h"

/* The port VIRQ_TIMER of vCPU 0 was bound to by env_setup() (0: none). */
extern evtchn_port_t timer_port;

/* Wrappers: 0 or a negative errno; OUT ports through pointers. */
long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                             evtchn_port_t *local);
long evtchn_bind_virq(unsigned int virq, unsigned int vcpu, evtchn_port_t *port);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *out);

/* Find the port peer allocated for us with alloc_unbound (it publishes
 * nothing else: we scan its ports with EVTCHNOP_status, which Xen allows
 * only privileged domains; refused, we try bind_interdomain on each of
 * ports 1-63, which binds only a port meant for us) and bind to it;
 * retries for up to timeout_ns. The new port is unmasked. */
long evtchn_bind_peer(domid_t peer, uint64_t timeout_ns, evtchn_port_t *local);

/* The upcall records every port it found pending here. */
bool events_seen(evtchn_port_t port);   /* seen since the last take */
bool events_take(evtchn_port_t port);   /* seen? and forget it */
unsigned int events_count(void);        /* upcalls taken in total */

/* Block (SCHEDOP_block, events enabled) until the upcall saw port or
 * the system time passes deadline_ns (set with set_timer_op; 0: wait
 * forever and leave the timer alone). Returns true if the port came. */
bool events_wait(evtchn_port_t port, uint64_t deadline_ns);

/* Mask or unmask event delivery for this vCPU (vcpu_info upcall mask);
 * returns the old mask. Unmasking delivers what is pending at once
 * (on the next hypercall return). */
bool events_mask(bool masked);

/* The event upcall (trap_handle calls it). */
void events_upcall(void);

#endif /* GUEST_EVENTS_H */
