/* SPDX-License-Identifier: MIT */
/* peer.h - two test domains in lock-step over one interdomain event channel. */
#ifndef GUEST_PEER_H
#define GUEST_PEER_H

#include "libc.h"
#include "public/event_channel.h"

#define PEER_WAIT_NS (5000 * 1000000ULL)   /* per step: TCG on a busy host */

/* Connect to domain peer: the lower domid allocates an unbound port for
 * the other and waits for its "ready" event; the higher binds to it
 * (evtchn_bind_peer), takes Xen's bind notification and sends "ready".
 * ERROR (the domain ends) if that fails. Returns our end. */
evtchn_port_t peer_connect(domid_t peer);

/* One step: send an event / wait for the next (ERROR after PEER_WAIT_NS,
 * naming step). An event channel is a pending bit, not a counter: two
 * signals in a row can arrive as one, so the sides must take turns. */
void peer_signal(evtchn_port_t port);
void peer_wait(evtchn_port_t port, const char *step);

#endif /* GUEST_PEER_H */
