/* SPDX-License-Identifier: MIT */
/* console_ring.h - the Xen console ring of a domU: output drained, input fed. */
#ifndef STRATA_GUEST_CONSOLE_RING_H
#define STRATA_GUEST_CONSOLE_RING_H

/*
 * A PV (and later HVM) domU writes its console into out[] of a shared
 * page and reads typed input from in[] (public/io/console.h). The guest
 * can change the page at any moment, so each index is read once and
 * every count is bounded by the ring size: a lying guest gets garbage
 * or nothing, never more than one ring's worth per call.
 */
#include "core/domain.h"
#include "public/io/console.h"

/* Print what d put in ring's out[] since the last call; returns the
 * number of bytes printed (at most sizeof(ring->out)). */
size_t console_ring_drain(struct domain *d, struct xencons_interface *ring);

/* Append up to n bytes of input to ring's in[]; returns how many fitted. */
size_t console_ring_feed(struct xencons_interface *ring, const char *buf, size_t n);

#endif /* STRATA_GUEST_CONSOLE_RING_H */
