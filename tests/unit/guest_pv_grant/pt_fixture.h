/* SPDX-License-Identifier: MIT */
/* pt_fixture.h - a PV domain whose page tables the real PV MMU validated. */
#ifndef STRATA_TESTS_PT_FIXTURE_H
#define STRATA_TESTS_PT_FIXTURE_H

#include "core/domain.h"
#include "guest/vcpu_state.h"

#define P   0x1ULL
#define RW  0x2ULL
#define US  0x4ULL

/*
 * Domain 1 (the guest) and domain 2 (another PV domain, a granter with a
 * grant table). The guest's pinned L4 -> L3 -> L2[2] -> L1 maps, from
 * FX_VA on, one page per L1 slot:
 *   0 code (RW)   1 data (RW)   2 the L1 itself (RO)   3 the L2 (RO)
 *   4 ro_data (RO)   5 nothing   6 the L4 (RO)
 */
#define FX_VA      0x400000ULL
#define FX_CODE    (FX_VA + 0x0000)
#define FX_DATA    (FX_VA + 0x1000)
#define FX_L1_VA   (FX_VA + 0x2000)
#define FX_L2_VA   (FX_VA + 0x3000)
#define FX_RO_VA   (FX_VA + 0x4000)
#define FX_FREE_VA (FX_VA + 0x5000)
#define FX_L4_VA   (FX_VA + 0x6000)
#define FX_FREE_SLOT 5U

struct pt_fixture {
    struct domain *d, *other;
    struct vcpu *v;
    struct guest_vcpu *gv;
    mfn_t l4, l3, l2, l1, code, data, ro_data;
    mfn_t spare[4];        /* d's frames with no use yet */
    mfn_t other_frame;     /* a frame of domain 2 */
    mfn_t grant_table;     /* domain 2's grant-table frame */
};

extern struct pt_fixture fx;

/* Fresh machine, both domains, the guest's tables pinned and loaded. */
void fx_setup(void);

/* A zeroed frame of dom. */
mfn_t fx_frame(struct domain *dom);

/* Entry i of table t. */
uint64_t *fx_entry(mfn_t t, unsigned int i);

struct frame_info fx_info(mfn_t m);

#endif
