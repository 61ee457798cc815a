/* SPDX-License-Identifier: MIT */
/* hc_support.h - helpers shared by the hypercall tests: a guest, calls. */
#ifndef STRATA_TESTS_HC_SUPPORT_H
#define STRATA_TESTS_HC_SUPPORT_H

#include <string.h>

#include "../core/support/fake_mm.h"
#include "arch/host/host.h"
#include "hypercall/hypercall.h"

/* Guest addresses inside a domain's fake memory used as scratch. */
#define ARG_ADDR   0x1000ULL
#define ARG2_ADDR  0x2000ULL
#define LIST_ADDR  0x8000ULL

/* Issue hypercall op with up to three arguments as vCPU 0 of d; re-issue
 * while it asks for a continuation; *restarts counts them. */
static inline long hc_call(struct domain *d, uint64_t op, uint64_t a0, uint64_t a1,
                           uint64_t a2, unsigned long *restarts)
{
    struct hypercall_frame f = { .op = op, .args = { a0, a1, a2 } };
    long rc;

    do {
        rc = hypercall_dispatch(&d->vcpus[0], &f);
        if (f.preempted && restarts)
            (*restarts)++;
    } while (f.preempted);
    return rc;
}

/* Put len bytes at guest address a of d. */
static inline void hc_put(struct domain *d, uint64_t a, const void *src, size_t len)
{
    memcpy(fake_guest_ptr(d->id, a), src, len);
}

static inline void hc_get(struct domain *d, uint64_t a, void *dst, size_t len)
{
    memcpy(dst, fake_guest_ptr(d->id, a), len);
}

#endif /* STRATA_TESTS_HC_SUPPORT_H */
