/* SPDX-License-Identifier: MIT */
/* pv_fixture.c - a PV domain with hand-made page tables for PV unit tests. */
#include "pv_fixture.h"
#include "unit.h"
#include "../mm/mm_test.h"

#include <string.h>

#include "core/mm_port.h"
#include "hypercall/hypercall.h"

#define PTE_P  0x1ULL
#define PTE_RW 0x2ULL
#define PTE_US 0x4ULL

static struct shared_info shared ALIGNED(4096);

static mfn_t frame_for(struct domain *d)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&d->mm.account, 0, &mfn), STATUS_OK);
    return mfn;
}

static mfn_t table(struct domain *d, enum frame_type type)
{
    mfn_t mfn = frame_for(d);

    CHECK_EQ(frame_get_type(mfn, d->id, type), STATUS_OK);
    return mfn;
}

static void link(mfn_t parent, unsigned int slot, mfn_t child, uint64_t flags)
{
    ((uint64_t *)arch_frame_to_virt(parent))[slot] = (child << 12) | flags;
}

/* L4 -> L3 -> L2 -> L1 for PV_FIX_VA (slots 0, 0, 2). */
static mfn_t build_tables(struct pv_fixture *fx)
{
    struct domain *d = fx->d;
    mfn_t l4 = table(d, FRAME_TYPE_L4), l3 = table(d, FRAME_TYPE_L3);
    mfn_t l2 = table(d, FRAME_TYPE_L2), l1 = table(d, FRAME_TYPE_L1);

    link(l4, 0, l3, PTE_P | PTE_RW | PTE_US);
    link(l3, 0, l2, PTE_P | PTE_RW | PTE_US);
    link(l2, (PV_FIX_VA >> 21) & 511, l1, PTE_P | PTE_RW | PTE_US);
    for (unsigned int i = 0; i < PV_FIX_PAGES; i++)
        link(l1, ((PV_FIX_VA >> 12) & 511) + i, fx->data[i], PTE_P | PTE_RW | PTE_US);
    return l4;
}

void pv_fixture_setup(struct pv_fixture *fx)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 64, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1, .shared_info = &shared,
    };

    memset(fx, 0, sizeof(*fx));
    memset(&shared, 0, sizeof(shared));
    mm_test_machine(512, 1);
    domain_table_reset();
    guest_vcpu_table_reset();
    domain_set_hooks(NULL);
    hypercall_reset_registrations();
    mm_port_use_mm();
    CHECK_EQ(domain_create(1, &cfg, &fx->d), STATUS_OK);
    fx->v = &fx->d->vcpus[0];
    for (unsigned int i = 0; i < PV_FIX_PAGES; i++)
        fx->data[i] = frame_for(fx->d);
    fx->l4 = build_tables(fx);
    fx->user_l4 = build_tables(fx);
    fx->v->pv_l4 = fx->v->pv_kernel_l4 = fx->l4;
    fx->v->pv_user_l4 = fx->user_l4;
    fx->v->pv_user_mode = false;
    CHECK_EQ(guest_vcpu_create(fx->v, &fx->gv), STATUS_OK);
}

void *pv_fixture_ptr(struct pv_fixture *fx, uint64_t va)
{
    uint64_t page = (va - PV_FIX_VA) >> 12;

    CHECK(va >= PV_FIX_VA && page < PV_FIX_PAGES);
    return (char *)arch_frame_to_virt(fx->data[page]) + (va & 0xfff);
}

struct cpu_regs pv_fixture_regs(uint64_t rip, uint64_t rsp)
{
    struct cpu_regs r;

    memset(&r, 0, sizeof(r));
    r.rip = rip;
    r.rsp = rsp;
    r.cs = ARCH_GUEST_CS64;
    r.ss = ARCH_GUEST_DS;
    r.rflags = 0x202;
    r.rcx = 0x1111;
    r.r11 = 0x2222;
    return r;
}
