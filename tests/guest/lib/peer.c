/* SPDX-License-Identifier: MIT */
/* peer.c - two test domains in lock-step over one interdomain event channel. */
#include "guest.h"

#define DRAIN_NS (50 * 1000000ULL)

evtchn_port_t peer_connect(domid_t peer)
{
    int self = cmdline_domid();
    evtchn_port_t port = 0;

    require(shared_info != NULL, "shared_info not mapped: no events");
    require(self >= 0 && self != peer, "domid=%d: cannot pair with d%u", self, peer);
    if (self < peer) {
        require(evtchn_alloc_unbound(peer, &port) == 0, "alloc_unbound(d%u)", peer);
        (void)evtchn_unmask(port);
        peer_wait(port, "the peer binds and says ready");
        return port;
    }
    require(evtchn_bind_peer(peer, PEER_WAIT_NS, &port) == 0, "bind to d%u's port", peer);
    /* Xen notifies a newly bound port; take that before the first step. */
    (void)events_wait(port, env_time_ns() + DRAIN_NS);
    peer_signal(port);
    return port;
}

void peer_signal(evtchn_port_t port)
{
    long rc = evtchn_send(port);

    require(rc == 0, "evtchn_send(%u): %ld", port, rc);
}

void peer_wait(evtchn_port_t port, const char *step)
{
    require(events_wait(port, env_time_ns() + PEER_WAIT_NS),
            "no event from the peer on port %u: %s", port, step);
}
