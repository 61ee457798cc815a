/* SPDX-License-Identifier: MIT */
/* test_mm_binding.c - core's memory services on the real mm: grant maps as
 * P2M grant entries, exact frame counts, hypercall arguments via guest copy. */
#include "unit.h"
#include "../mm/mm_test.h"

#include <string.h>

#include "core/gnttab.h"
#include "core/mm_port.h"
#include "hypercall/hypercall.h"
#include "mm/guest_copy.h"
#include "public/memory.h"
#include "public/version.h"

static struct shared_info shared[2] ALIGNED(4096);
static struct domain *granter, *grantee;

static struct domain *hvm_domain(domid_t id, struct shared_info *si)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 64, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 2 },
        .nr_vcpus = 1, .hvm = true, .shared_info = si, .gfn_limit = 1024,
    };
    struct domain *d = NULL;

    CHECK_EQ(domain_create(id, &cfg, &d), STATUS_OK);
    return d;
}

/* Give d a RAM page at gfn; returns its mfn. */
static mfn_t ram(struct domain *d, gfn_t gfn)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&d->mm.account, 0, &mfn), STATUS_OK);
    CHECK_EQ(p2m_set(&d->mm, gfn, mfn, P2M_RAM_RW), STATUS_OK);
    return mfn;
}

static void counts(mfn_t mfn, uint32_t *refs, uint32_t *types)
{
    struct frame_info info;

    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    *refs = info.ref_count;
    *types = info.type_count;
}

static void setup(void)
{
    mm_test_machine(1024, 1);
    domain_table_reset();
    domain_set_hooks(NULL);
    gnttab_set_pv_ops(NULL);
    hypercall_reset_registrations();
    mm_port_use_mm();
    memset(shared, 0, sizeof(shared));
    granter = hvm_domain(1, &shared[0]);
    grantee = hvm_domain(2, &shared[1]);
}

UNIT_TEST(hvm_grant_map_is_a_p2m_grant_entry_with_exact_counts)
{
    mfn_t table[DOMAIN_MAX_GRANT_FRAMES], page = INVALID_MFN, got;
    struct gnttab_map_grant_ref op = { .host_addr = 100ULL << PAGE_SHIFT,
                                       .flags = GNTMAP_host_map, .ref = 3, .dom = 1 };
    struct gnttab_unmap_grant_ref un = { .host_addr = 100ULL << PAGE_SHIFT };
    struct grant_entry_v1 *e;
    enum p2m_type type;
    uint32_t refs0, types0, refs, types;

    setup();
    page = ram(granter, 5);
    CHECK_EQ(gnttab_setup_table(granter, 1, table), GNTST_okay);
    CHECK_EQ(granter->mm.account.pages, 1);   /* the page: table frames are outside it */
    e = (struct grant_entry_v1 *)arch_frame_to_virt(table[0]) + 3;
    e->domid = 2;
    e->frame = 5;
    e->flags = GTF_permit_access;
    counts(page, &refs0, &types0);
    CHECK_EQ(gnttab_map(grantee, &op), GNTST_okay);
    CHECK_EQ(p2m_get(&grantee->mm, 100, &got, &type), STATUS_OK);
    CHECK_EQ(got, page);
    CHECK_EQ(type, P2M_GRANT_RW);
    counts(page, &refs, &types);
    CHECK_EQ(refs, refs0 + 2);        /* the pin's and the P2M entry's */
    CHECK_EQ(types, types0 + 2);
    CHECK(e->flags & GTF_writing);
    /* A second map onto an occupied gfn is refused and undone. */
    op.flags |= GNTMAP_readonly;
    CHECK_EQ(gnttab_map(grantee, &op), GNTST_general_error);
    counts(page, &refs, &types);
    CHECK_EQ(refs, refs0 + 2);
    un.handle = 0;
    CHECK_EQ(gnttab_unmap(grantee, &un), GNTST_okay);
    CHECK_EQ(p2m_get(&grantee->mm, 100, &got, &type), STATUS_ENOENT);
    counts(page, &refs, &types);
    CHECK_EQ(refs, refs0);
    CHECK_EQ(types, types0);
    CHECK_EQ(e->flags, GTF_permit_access);
    /* A gfn that is not the granter's RAM is a bad page. */
    e->frame = 6;
    op.flags = GNTMAP_host_map;
    CHECK_EQ(gnttab_map(grantee, &op), GNTST_bad_page);
    CHECK(gnttab_invariants_hold());
    CHECK_EQ(domain_destroy(grantee), STATUS_OK);
    CHECK_EQ(domain_destroy(granter), STATUS_OK);
    CHECK_EQ(granter->state, DOMAIN_FREE);
}

UNIT_TEST(hypercall_arguments_go_through_mm_guest_copy)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_xen_version,
                                 .args = { XENVER_extraversion, 7ULL << PAGE_SHIFT } };
    struct guest_mem g = { &grantee->mm, GUEST_MEM_PHYS, INVALID_MFN };
    char text[16];

    setup();
    CHECK_EQ(hypercall_dispatch(&grantee->vcpus[0], &f), STATUS_EFAULT);  /* no RAM */
    (void)ram(grantee, 7);
    g.d = &grantee->mm;
    CHECK_EQ(hypercall_dispatch(&grantee->vcpus[0], &f), 0);
    CHECK_EQ(copy_from_guest(&g, text, 7ULL << PAGE_SHIFT, sizeof(text), NULL), STATUS_OK);
    CHECK(strcmp(text, ".0-strata") == 0);
}

UNIT_TEST(domain_create_refuses_a_p2m_it_cannot_have)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 1, .max_vcpus = 1, .max_evtchn_ports = 64 },
        .nr_vcpus = 1, .shared_info = &shared[0], .gfn_limit = P2M_GFN_LIMIT_MAX + 1,
    };
    struct domain *d = NULL;

    setup();
    CHECK_EQ(domain_create(3, &cfg, &d), STATUS_EINVAL);
    CHECK(domain_get(3) == NULL);
}

static long memory_op(struct domain *d, uint64_t cmd, uint64_t arg, unsigned long *restarts)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_memory_op, .args = { cmd, arg } };
    long rc;

    do {
        rc = hypercall_dispatch(&d->vcpus[0], &f);
        if (f.preempted)
            (*restarts)++;
    } while (f.preempted);
    return rc;
}

/* populate_physmap / decrease_reservation with the progress in cmd. */
UNIT_TEST(memory_op_populate_and_decrease_continue_linearly)
{
    struct guest_mem g = { NULL, GUEST_MEM_PHYS, INVALID_MFN };
    struct xen_memory_reservation r = { .nr_extents = 300, .domid = DOMID_SELF,
                                        .extent_start = 1ULL << PAGE_SHIFT };
    xen_pfn_t gpfns[300];
    unsigned long restarts = 0;
    mfn_t mfn;
    enum p2m_type type;
    struct domain *d;
    struct domain_config cfg = {
        .limits = { .max_pages = 400, .max_vcpus = 1, .max_evtchn_ports = 64 },
        .nr_vcpus = 1, .hvm = true, .shared_info = &shared[0], .gfn_limit = 4096,
    };

    mm_test_machine(1024, 1);
    domain_table_reset();
    mm_port_use_mm();
    CHECK_EQ(domain_create(4, &cfg, &d), STATUS_OK);
    g.d = &d->mm;
    (void)ram(d, 0);                            /* argument page */
    (void)ram(d, 1);                            /* extent list */
    (void)ram(d, 2);
    for (int i = 0; i < 300; i++)
        gpfns[i] = 1000 + i;
    CHECK_EQ(copy_to_guest(&g, 1ULL << PAGE_SHIFT, gpfns, sizeof(gpfns), NULL), STATUS_OK);
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    CHECK_EQ(memory_op(d, XENMEM_populate_physmap, 0, &restarts), 300);
    CHECK_EQ(restarts, 2);                       /* 300 = 128 + 128 + 44 */
    CHECK_EQ(d->mm.account.pages, 303);
    CHECK_EQ(p2m_get(&d->mm, 1299, &mfn, &type), STATUS_OK);
    CHECK_EQ(type, P2M_RAM_RW);
    /* Over the page limit: only what fits is done. */
    r.nr_extents = 200;
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    for (int i = 0; i < 200; i++)
        gpfns[i] = 2000 + i;
    CHECK_EQ(copy_to_guest(&g, 1ULL << PAGE_SHIFT, gpfns, 200 * sizeof(xen_pfn_t), NULL),
             STATUS_OK);
    restarts = 0;
    CHECK_EQ(memory_op(d, XENMEM_populate_physmap, 0, &restarts), 97);
    CHECK_EQ(d->mm.account.pages, 400);
    /* Give 97 back. */
    restarts = 0;
    r.nr_extents = 97;
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    CHECK_EQ(memory_op(d, XENMEM_decrease_reservation, 0, &restarts), 97);
    CHECK_EQ(d->mm.account.pages, 303);
    CHECK_EQ(p2m_get(&d->mm, 2000, &mfn, &type), STATUS_ENOENT);
    /* Decode errors change nothing. */
    CHECK_EQ(memory_op(d, XENMEM_decrease_reservation | (98ULL << MEMOP_EXTENT_SHIFT), 0,
                       &restarts), STATUS_EINVAL);
    r.extent_order = 10;
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    CHECK_EQ(memory_op(d, XENMEM_populate_physmap, 0, &restarts), STATUS_EINVAL);
    r.extent_order = 0;
    r.domid = 9;
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    CHECK_EQ(memory_op(d, XENMEM_populate_physmap, 0, &restarts), STATUS_EPERM);
    CHECK_EQ(memory_op(d, XENMEM_populate_physmap, 1ULL << 30, &restarts), STATUS_EFAULT);
    r.domid = DOMID_SELF;
    r.nr_extents = 1;                            /* gfn 2000 is a hole now */
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    CHECK_EQ(memory_op(d, XENMEM_decrease_reservation, 0, &restarts), 0);
    CHECK_EQ(d->mm.account.pages, 303);
    r.extent_start = 1ULL << 30;                 /* unreadable list: 0 done */
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    CHECK_EQ(memory_op(d, XENMEM_populate_physmap, 0, &restarts), 0);
    CHECK_EQ(d->mm.account.pages, 303);
}

UNIT_TEST(memory_op_extents_need_an_hvm_target)
{
    struct domain *pv;
    struct domain_config cfg = {
        .limits = { .max_pages = 4, .max_vcpus = 1, .max_evtchn_ports = 64 },
        .nr_vcpus = 1, .shared_info = &shared[0],
    };
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
    unsigned long restarts = 0;
    struct guest_mem g = { &granter->mm, GUEST_MEM_PHYS, INVALID_MFN };

    setup();
    CHECK_EQ(domain_create(5, &cfg, &pv), STATUS_OK);
    (void)ram(granter, 0);
    CHECK_EQ(copy_to_guest(&g, 0, &r, sizeof(r), NULL), STATUS_OK);
    r.domid = 5;
    CHECK_EQ(copy_to_guest(&g, 64, &r, sizeof(r), NULL), STATUS_OK);
    granter->privileged = true;   /* may name domain 5 */
    CHECK_EQ(memory_op(granter, XENMEM_populate_physmap, 64, &restarts), STATUS_ENOSYS);
    CHECK_EQ(memory_op(granter, XENMEM_current_reservation, 1ULL << 30, &restarts), STATUS_EFAULT);
}

/* Regression: grant frames were charged to the domain's account (a PV
 * guest using all of mem= got no grant table) and were ordinary pages
 * it could turn into page tables that Strata then wrote flags into. */
UNIT_TEST(grant_frames_are_the_domains_outside_its_limit_and_never_page_tables)
{
    mfn_t frames[2], m;
    struct frame_info info;

    setup();
    while (page_alloc_domain_frames(&granter->mm.account, 0, &m) == STATUS_OK)
        ;
    CHECK_EQ(granter->mm.account.pages, granter->mm.account.max_pages);
    CHECK_EQ(gnttab_setup_table(granter, 2, frames), GNTST_okay);
    CHECK_EQ(granter->mm.account.pages, granter->mm.account.max_pages);
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(frame_get_info(frames[i], &info), STATUS_OK);
        CHECK_EQ(info.owner, granter->id);
        CHECK_EQ(info.type, FRAME_TYPE_WRITABLE);
        CHECK_EQ(info.type_count, 1);
        CHECK_EQ(info.ref_count, 1);
        CHECK_EQ(frame_get_type(frames[i], granter->id, FRAME_TYPE_L1), STATUS_EBUSY);
        CHECK(page_free_domain_frames(&granter->mm.account, frames[i], 0) != STATUS_OK);
    }
    /* Teardown frees an unreferenced frame; a referenced one stays. */
    CHECK_EQ(frame_get(frames[1], granter->id), STATUS_OK);
    mm_port_free_shared_frame(granter, frames[0]);
    mm_port_free_shared_frame(granter, frames[1]);
    CHECK_EQ(frame_owner(frames[0]), DOMID_INVALID);
    CHECK_EQ(frame_owner(frames[1]), granter->id);
    mm_port_free_shared_frame(grantee, frames[1]);               /* not its frame */
    CHECK_EQ(frame_owner(frames[1]), granter->id);
    CHECK_EQ(frame_put(frames[1]), STATUS_OK);
    mm_port_free_shared_frame(granter, frames[1]);
    CHECK_EQ(frame_owner(frames[1]), DOMID_INVALID);
    mm_port_free_shared_frame(granter, frames[1]);               /* already free */
    CHECK_EQ(frame_owner(frames[1]), DOMID_INVALID);
}
