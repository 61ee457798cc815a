/* SPDX-License-Identifier: MIT */
/* io/console.h - the shared console ring page of a PV console (xencons). */
#ifndef STRATA_PUBLIC_IO_CONSOLE_H
#define STRATA_PUBLIC_IO_CONSOLE_H

/*
 * One page shared between a guest and its console backend: the guest
 * writes out[] and advances out_prod, the backend consumes and advances
 * out_cons; in[] the other way. Indices run freely; a ring offset is
 * index & (size - 1). The guest kicks start_info.console.domU.evtchn.
 */
#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];
    char out[2048];
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};

#ifndef __FRAMAC__ /* Frama-C 25 parses C11 asserts only with -c11 */
_Static_assert(__builtin_offsetof(struct xencons_interface, out) == 1024, "out");
_Static_assert(__builtin_offsetof(struct xencons_interface, in_cons) == 3072, "in_cons");
_Static_assert(__builtin_offsetof(struct xencons_interface, out_prod) == 3084, "out_prod");
#endif

#endif /* STRATA_PUBLIC_IO_CONSOLE_H */
