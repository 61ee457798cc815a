/* SPDX-License-Identifier: MIT */
/* pv_fixture.h - a PV domain with hand-made page tables for PV unit tests. */
#ifndef STRATA_TESTS_PV_FIXTURE_H
#define STRATA_TESTS_PV_FIXTURE_H

#include "core/domain.h"
#include "guest/vcpu_state.h"

/* The fixture maps PV_FIX_PAGES writable pages at PV_FIX_VA. */
#define PV_FIX_VA     0x400000ULL
#define PV_FIX_PAGES  4
#define PV_FIX_STACK  (PV_FIX_VA + 2 * 4096)     /* top of page 1 */
#define PV_FIX_KSTACK (PV_FIX_VA + 4 * 4096)     /* top of page 3 */

struct pv_fixture {
    struct domain *d;
    struct vcpu *v;
    struct guest_vcpu *gv;
    mfn_t l4, user_l4;
    mfn_t data[PV_FIX_PAGES];
};

/* A fresh machine with domain 1 (PV, 1 vCPU, kernel mode, guest state). */
void pv_fixture_setup(struct pv_fixture *fx);

/* Host pointer to guest virtual address va inside the mapped pages. */
void *pv_fixture_ptr(struct pv_fixture *fx, uint64_t va);

/* Registers of a vCPU in guest kernel mode at rip with stack rsp. */
struct cpu_regs pv_fixture_regs(uint64_t rip, uint64_t rsp);

#endif
