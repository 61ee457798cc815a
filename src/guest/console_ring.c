/* SPDX-License-Identifier: MIT */
/* console_ring.c - drain a domU's console output ring, feed its input ring. */
#include "guest/console_ring.h"
#include "hypercall/hypercall.h"

#define OUT_SIZE  sizeof(((struct xencons_interface *)0)->out)
#define IN_SIZE   sizeof(((struct xencons_interface *)0)->in)
#define CHUNK     128U

size_t console_ring_drain(struct domain *d, struct xencons_interface *ring)
{
    uint32_t cons = __atomic_load_n(&ring->out_cons, __ATOMIC_RELAXED);
    uint32_t prod = __atomic_load_n(&ring->out_prod, __ATOMIC_ACQUIRE);
    uint32_t avail = prod - cons;
    size_t printed = 0;
    char chunk[CHUNK];

    if (avail > OUT_SIZE) {
        /* The guest moved out_prod beyond a full ring: keep the last
         * ring's worth, which is all that can be in it. */
        cons = prod - (uint32_t)OUT_SIZE;
        avail = (uint32_t)OUT_SIZE;
    }
    while (avail > 0) {
        size_t n = 0;

        while (n < CHUNK && avail > 0) {
            chunk[n++] = ring->out[cons % OUT_SIZE];
            cons++;
            avail--;
        }
        console_guest_output(d, chunk, n);
        printed += n;
    }
    __atomic_store_n(&ring->out_cons, cons, __ATOMIC_RELEASE);
    return printed;
}

size_t console_ring_feed(struct xencons_interface *ring, const char *buf, size_t n)
{
    uint32_t cons = __atomic_load_n(&ring->in_cons, __ATOMIC_ACQUIRE);
    uint32_t prod = __atomic_load_n(&ring->in_prod, __ATOMIC_RELAXED);
    size_t done = 0;

    /* A guest that corrupted in_cons only loses its own input. */
    while (done < n && (uint32_t)(prod - cons) < IN_SIZE) {
        ring->in[prod % IN_SIZE] = buf[done++];
        prod++;
    }
    __atomic_store_n(&ring->in_prod, prod, __ATOMIC_RELEASE);
    return done;
}
