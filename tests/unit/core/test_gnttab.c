/* SPDX-License-Identifier: MIT */
/* test_gnttab.c - grant tables: setup, map/unmap counting, copy, flags. */
#include "unit.h"
#include "support/fake_mm.h"

#include <string.h>

#include "core/gnttab.h"

static struct domain *granter, *pv_grantee, *hvm_grantee;
static mfn_t table[DOMAIN_MAX_GRANT_FRAMES];

static void setup(void)
{
    fake_mm_init();
    granter = fake_domain(1, true, false, 1);     /* HVM: frames are gfns */
    pv_grantee = fake_domain(2, false, false, 1);
    hvm_grantee = fake_domain(3, true, false, 1);
    CHECK_EQ(gnttab_setup_table(granter, 1, table), GNTST_okay);
}

static struct grant_entry_v1 *entry(grant_ref_t ref)
{
    return (struct grant_entry_v1 *)arch_frame_to_virt(table[0]) + ref;
}

/* The granter offers its gfn to domain to (read-only if ro). */
static void grant(grant_ref_t ref, domid_t to, uint32_t gfn, bool ro)
{
    entry(ref)->domid = to;
    entry(ref)->frame = gfn;
    entry(ref)->flags = GTF_permit_access | (ro ? GTF_readonly : 0);
}

static int16_t map(struct domain *d, grant_ref_t ref, uint32_t flags, uint64_t addr,
                   grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = addr, .flags = flags, .ref = ref, .dom = granter->id,
    };
    int16_t st = gnttab_map(d, &op);

    CHECK_EQ(st, op.status);
    if (handle)
        *handle = op.handle;
    return st;
}

static int16_t unmap(struct domain *d, grant_handle_t h, uint64_t addr)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = addr, .handle = h };

    return gnttab_unmap(d, &op);
}

static void pins(grant_ref_t ref, uint32_t *rd, uint32_t *wr)
{
    gnttab_active_pins(granter, ref, rd, wr);
}

UNIT_TEST(setup_and_query_size)
{
    uint32_t nr, max;
    mfn_t frames[DOMAIN_MAX_GRANT_FRAMES];

    setup();
    gnttab_query_size(granter, &nr, &max);
    CHECK_EQ(nr, 1);
    CHECK_EQ(max, 4);
    CHECK_EQ(gnttab_setup_table(granter, 5, frames), GNTST_general_error);
    CHECK_EQ(gnttab_setup_table(granter, 3, frames), GNTST_okay);
    CHECK_EQ(frames[0], table[0]);                 /* grows, keeps frame 0 */
    gnttab_query_size(granter, &nr, &max);
    CHECK_EQ(nr, 3);
    CHECK_EQ(gnttab_setup_table(granter, 1, frames), GNTST_okay);  /* no shrink */
    gnttab_query_size(granter, &nr, &max);
    CHECK_EQ(nr, 3);
    fake_mm.fail_alloc = true;
    CHECK_EQ(gnttab_setup_table(granter, 4, frames), GNTST_general_error);
    CHECK_EQ(gnttab_set_version(granter, 1), STATUS_OK);
    CHECK_EQ(gnttab_set_version(granter, 0), STATUS_EINVAL);
}

UNIT_TEST(map_writable_counts_and_flags_exactly)
{
    grant_handle_t h;
    uint32_t rd, wr;
    mfn_t mfn = fake_mfn(granter->id, 5);

    setup();
    grant(7, pv_grantee->id, 5, false);
    CHECK_EQ(map(pv_grantee, 7, GNTMAP_host_map, 0x7000, &h), GNTST_okay);
    pins(7, &rd, &wr);
    CHECK_EQ(rd, 0);
    CHECK_EQ(wr, 1);
    CHECK_EQ(fake_mm.refs[mfn], 1);
    CHECK_EQ(fake_mm.writable[mfn], 1);
    CHECK_EQ(fake_mm.pv_grant_maps, 1);
    CHECK(entry(7)->flags & GTF_reading);
    CHECK(entry(7)->flags & GTF_writing);
    CHECK_EQ(granter->refcount, 2);                 /* the mapping's reference */
    CHECK(gnttab_invariants_hold());
    CHECK_EQ(unmap(pv_grantee, h, 0x7000), GNTST_okay);
    CHECK_EQ(fake_mm.refs[mfn], 0);
    CHECK_EQ(fake_mm.writable[mfn], 0);
    CHECK_EQ(fake_mm.pv_grant_maps, 0);
    CHECK_EQ(entry(7)->flags, GTF_permit_access);
    CHECK_EQ(granter->refcount, 1);
    CHECK_EQ(unmap(pv_grantee, h, 0x7000), GNTST_bad_handle);   /* twice */
    CHECK_EQ(fake_mm.errors, 0);
}

UNIT_TEST(map_readonly_then_writable_keeps_flags_right)
{
    grant_handle_t hr, hw;
    mfn_t mfn = fake_mfn(granter->id, 6);

    setup();
    grant(3, hvm_grantee->id, 6, false);
    CHECK_EQ(map(hvm_grantee, 3, GNTMAP_host_map | GNTMAP_readonly, 0x10000, &hr), GNTST_okay);
    CHECK(entry(3)->flags & GTF_reading);
    CHECK(!(entry(3)->flags & GTF_writing));
    CHECK_EQ(fake_mm.writable[mfn], 0);
    CHECK_EQ(map(hvm_grantee, 3, GNTMAP_host_map | GNTMAP_device_map, 0x11000, &hw), GNTST_okay);
    CHECK(entry(3)->flags & GTF_writing);
    CHECK_EQ(fake_mm.refs[mfn], 2);
    CHECK_EQ(fake_mm.p2m_grant_maps, 2);
    CHECK_EQ(unmap(hvm_grantee, hw, 0x11000), GNTST_okay);
    CHECK(!(entry(3)->flags & GTF_writing));       /* last writer gone */
    CHECK(entry(3)->flags & GTF_reading);           /* reader remains */
    CHECK_EQ(unmap(hvm_grantee, hr, 0x10000), GNTST_okay);
    CHECK(!(entry(3)->flags & GTF_reading));
    CHECK_EQ(fake_mm_refs_held(), 0);
}

UNIT_TEST(map_refuses_what_the_entry_does_not_permit)
{
    uint32_t rd, wr;

    setup();
    grant(1, pv_grantee->id, 5, true);                  /* read-only grant */
    CHECK_EQ(map(pv_grantee, 1, GNTMAP_host_map, 0x1000, NULL), GNTST_permission_denied);
    CHECK_EQ(map(hvm_grantee, 1, GNTMAP_host_map | GNTMAP_readonly, 0x1000, NULL),
             GNTST_permission_denied);                 /* granted to someone else */
    entry(2)->flags = GTF_accept_transfer;
    entry(2)->domid = pv_grantee->id;
    CHECK_EQ(map(pv_grantee, 2, GNTMAP_host_map | GNTMAP_readonly, 0x1000, NULL),
             GNTST_permission_denied);
    CHECK_EQ(map(pv_grantee, GNTTAB_ENTRIES_PER_FRAME, GNTMAP_host_map, 0x1000, NULL),
             GNTST_bad_gntref);
    CHECK_EQ(map(pv_grantee, 1, 0, 0x1000, NULL), GNTST_general_error);
    CHECK_EQ(map(pv_grantee, 1, GNTMAP_host_map | GNTMAP_contains_pte, 0x1000, NULL),
             GNTST_general_error);
    grant(4, pv_grantee->id, FAKE_FRAMES_PER_DOMAIN + 1, false);   /* bad gfn */
    CHECK_EQ(map(pv_grantee, 4, GNTMAP_host_map, 0x1000, NULL), GNTST_bad_page);
    pins(1, &rd, &wr);
    CHECK_EQ(rd + wr, 0);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(entry(1)->flags, GTF_permit_access | GTF_readonly);
}

UNIT_TEST(map_from_missing_or_dying_granter_is_bad_domain)
{
    struct gnttab_map_grant_ref op = { .host_addr = 0, .flags = GNTMAP_host_map,
                                       .ref = 0, .dom = 9 };

    setup();
    CHECK_EQ(gnttab_map(pv_grantee, &op), GNTST_bad_domain);
    op.dom = DOMID_SELF;                    /* own table: has no frames */
    CHECK_EQ(gnttab_map(pv_grantee, &op), GNTST_bad_gntref);
    CHECK_EQ(pv_grantee->refcount, 1);
}

UNIT_TEST(maptrack_exhaustion_is_no_device_space)
{
    grant_handle_t h;
    unsigned int n = 0;

    setup();
    grant(0, pv_grantee->id, 5, true);
    while (map(pv_grantee, 0, GNTMAP_host_map | GNTMAP_readonly, 0x2000, &h) == GNTST_okay)
        n++;
    CHECK_EQ(n, GNTTAB_MAPTRACK_ENTRIES);
    CHECK_EQ(gnttab_nr_mappings(pv_grantee), GNTTAB_MAPTRACK_ENTRIES);
    CHECK(gnttab_invariants_hold());
    CHECK_EQ(domain_destroy(pv_grantee), STATUS_OK);     /* teardown unmaps all */
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(fake_mm.pv_grant_maps, 0);
    CHECK_EQ(granter->refcount, 1);
    CHECK(!(entry(0)->flags & GTF_reading));
    CHECK(gnttab_invariants_hold());
}

UNIT_TEST(granter_destroyed_while_mapped_stays_until_unmap)
{
    grant_handle_t h;

    setup();
    grant(9, pv_grantee->id, 8, false);
    CHECK_EQ(map(pv_grantee, 9, GNTMAP_host_map, 0x3000, &h), GNTST_okay);
    CHECK_EQ(domain_destroy(granter), STATUS_OK);
    CHECK_EQ(granter->state, DOMAIN_DYING);          /* held by the mapping */
    CHECK_EQ(map(pv_grantee, 9, GNTMAP_host_map, 0x4000, NULL), GNTST_bad_domain);
    CHECK_EQ(unmap(pv_grantee, h, 0x3000), GNTST_okay);
    CHECK_EQ(granter->state, DOMAIN_FREE);           /* freed with its frames */
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(fake_mm.errors, 0);
}

UNIT_TEST(copy_between_grant_and_own_frame)
{
    struct gnttab_copy op;
    char *src, *dst;
    uint32_t rd, wr;

    setup();
    src = fake_guest_ptr(granter->id, 5 * PAGE_SIZE);
    dst = fake_guest_ptr(pv_grantee->id, 2 * PAGE_SIZE);
    memcpy(src + 100, "hello grant", 12);
    grant(11, pv_grantee->id, 5, true);
    memset(&op, 0, sizeof(op));
    op.source.u.ref = 11;
    op.source.domid = granter->id;
    op.source.offset = 100;
    op.dest.u.gmfn = fake_mfn(pv_grantee->id, 2);   /* PV: an mfn it owns */
    op.dest.domid = DOMID_SELF;
    op.dest.offset = 8;
    op.len = 12;
    op.flags = GNTCOPY_source_gref;
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_okay);
    CHECK(memcmp(dst + 8, "hello grant", 12) == 0);
    pins(11, &rd, &wr);
    CHECK_EQ(rd + wr, 0);
    CHECK_EQ(entry(11)->flags, GTF_permit_access | GTF_readonly);
    CHECK_EQ(fake_mm_refs_held(), 0);
    /* Writing into a read-only grant is refused. */
    op.flags = GNTCOPY_dest_gref;
    op.dest.u.ref = 11;
    op.dest.domid = granter->id;
    op.source.u.gmfn = fake_mfn(pv_grantee->id, 2);
    op.source.domid = DOMID_SELF;
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_permission_denied);
    CHECK_EQ(fake_mm_refs_held(), 0);
    op.source.domid = granter->id;                 /* foreign frame, no grant */
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_permission_denied);
    op.flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
    op.source.u.ref = 11;
    op.dest.domid = 9;
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_bad_domain);
    op.source.u.gmfn = 0;
    op.flags = 0;
    op.source.domid = DOMID_SELF;
    op.dest.domid = DOMID_SELF;
    op.dest.u.gmfn = 1;                          /* not a PV mfn it owns */
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_bad_page);
    op.flags = 0x80;
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_bad_copy_arg);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(pv_grantee->refcount, 1);
    CHECK_EQ(granter->refcount, 1);
}

/* XSA-224 class (grant error paths): a failed map leaves no refs, pins or GTF flags. */
UNIT_TEST(xsa224_failed_map_leaves_no_counts_or_flags)
{
    uint32_t rd, wr;

    setup();
    grant(5, hvm_grantee->id, 10, false);
    fake_mm.fail_p2m_map = true;
    CHECK_EQ(map(hvm_grantee, 5, GNTMAP_host_map, 0x5000, NULL), GNTST_general_error);
    pins(5, &rd, &wr);
    CHECK_EQ(rd + wr, 0);
    CHECK_EQ(entry(5)->flags, GTF_permit_access);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(gnttab_nr_mappings(hvm_grantee), 0);
    CHECK_EQ(granter->refcount, 1);
    CHECK(gnttab_invariants_hold());
}

/* XSA-316 class (map_grant_ref error path): undo exactly what was taken, no more. */
UNIT_TEST(xsa316_map_error_path_undoes_exactly)
{
    grant_handle_t h;
    uint32_t rd, wr;
    mfn_t mfn = fake_mfn(granter->id, 12);

    setup();
    grant(6, pv_grantee->id, 12, false);
    CHECK_EQ(map(pv_grantee, 6, GNTMAP_host_map, 0x6000, &h), GNTST_okay);
    fake_mm.fail_pv_map = true;
    CHECK_EQ(map(pv_grantee, 6, GNTMAP_host_map, 0x7000, NULL), GNTST_general_error);
    CHECK_EQ(map(pv_grantee, 6, GNTMAP_host_map | GNTMAP_readonly, 0x7000, NULL),
             GNTST_general_error);
    pins(6, &rd, &wr);
    CHECK_EQ(rd, 0);
    CHECK_EQ(wr, 1);
    CHECK_EQ(fake_mm.refs[mfn], 1);
    CHECK_EQ(fake_mm.writable[mfn], 1);
    CHECK(entry(6)->flags & GTF_writing);          /* still mapped once */
    fake_mm.fail_pv_map = false;
    CHECK_EQ(unmap(pv_grantee, h, 0x6000), GNTST_okay);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(entry(6)->flags, GTF_permit_access);
    /* A frame mm refuses as writable (a page table) fails cleanly too. */
    fake_mm.page_table[mfn] = true;
    CHECK_EQ(map(pv_grantee, 6, GNTMAP_host_map, 0x6000, NULL), GNTST_bad_page);
    CHECK_EQ(entry(6)->flags, GTF_permit_access);
}

/* XSA-234 class (insufficient unmap checks): handle and address must match the mapping. */
UNIT_TEST(xsa234_unmap_checks_handle_and_address)
{
    grant_handle_t h;
    uint32_t rd, wr;

    setup();
    grant(8, pv_grantee->id, 13, false);
    CHECK_EQ(map(pv_grantee, 8, GNTMAP_host_map, 0x8000, &h), GNTST_okay);
    CHECK_EQ(unmap(pv_grantee, h, 0x9000), GNTST_general_error);
    CHECK_EQ(unmap(pv_grantee, h + 1, 0x8000), GNTST_bad_handle);
    CHECK_EQ(unmap(pv_grantee, GNTTAB_MAPTRACK_ENTRIES, 0x8000), GNTST_bad_handle);
    CHECK_EQ(unmap(hvm_grantee, h, 0x8000), GNTST_bad_handle); /* not its handle */
    fake_mm.fail_unmap = true;
    CHECK_EQ(unmap(pv_grantee, h, 0x8000), GNTST_general_error);
    pins(8, &rd, &wr);
    CHECK_EQ(wr, 1);
    CHECK(gnttab_invariants_hold());
    fake_mm.fail_unmap = false;
    CHECK_EQ(unmap(pv_grantee, h, 0x8000), GNTST_okay);
    CHECK_EQ(fake_mm_refs_held(), 0);
}

/* XSA-227 class (unchecked mapping address): host_addr validated before any mapping. */
UNIT_TEST(xsa227_host_addr_validated_before_mapping)
{
    setup();
    grant(2, pv_grantee->id, 5, false);
    CHECK_EQ(map(pv_grantee, 2, GNTMAP_host_map, 0x1008, NULL), GNTST_bad_virt_addr);
    CHECK_EQ(map(pv_grantee, 2, GNTMAP_host_map | GNTMAP_contains_pte, 0x1000, NULL),
             GNTST_general_error);
    CHECK_EQ(fake_mm.pv_grant_maps, 0);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(entry(2)->flags, GTF_permit_access);
}

/* XSA-255 class (grant v2->v1 switch): version switch refused, live mappings intact. */
UNIT_TEST(xsa255_version_switch_refused_and_mappings_intact)
{
    grant_handle_t h;

    setup();
    grant(1, pv_grantee->id, 5, false);
    CHECK_EQ(map(pv_grantee, 1, GNTMAP_host_map, 0x1000, &h), GNTST_okay);
    CHECK_EQ(gnttab_set_version(granter, 2), STATUS_EOPNOTSUPP);
    CHECK_EQ(gnttab_set_version(pv_grantee, 2), STATUS_EOPNOTSUPP);
    CHECK(gnttab_invariants_hold());
    CHECK_EQ(unmap(pv_grantee, h, 0x1000), GNTST_okay);
    CHECK_EQ(fake_mm_refs_held(), 0);
}

/* XSA-232 class (missing grant table check): ops on a table without frames fail cleanly. */
UNIT_TEST(xsa232_ops_on_domain_without_table_fail_cleanly)
{
    struct gnttab_map_grant_ref op = { .flags = GNTMAP_host_map, .ref = 0, .dom = 2 };
    struct gnttab_copy cp;

    setup();
    CHECK_EQ(gnttab_map(hvm_grantee, &op), GNTST_bad_gntref);
    memset(&cp, 0, sizeof(cp));
    cp.flags = GNTCOPY_source_gref;
    cp.source.domid = 2;
    cp.dest.domid = DOMID_SELF;
    cp.len = 1;
    CHECK_EQ(gnttab_copy(hvm_grantee, &cp), GNTST_bad_gntref);
    CHECK_EQ(fake_mm_refs_held(), 0);
}

UNIT_TEST(pin_by_other_domain_blocks_changed_grantee)
{
    grant_handle_t h;

    setup();
    grant(4, pv_grantee->id, 5, false);
    CHECK_EQ(map(pv_grantee, 4, GNTMAP_host_map, 0x1000, &h), GNTST_okay);
    entry(4)->domid = hvm_grantee->id;   /* the granter rewrites a live entry */
    CHECK_EQ(map(hvm_grantee, 4, GNTMAP_host_map, 0x1000, NULL), GNTST_permission_denied);
    CHECK_EQ(unmap(pv_grantee, h, 0x1000), GNTST_okay);
    CHECK_EQ(fake_mm_refs_held(), 0);
}

UNIT_TEST(copy_range_and_missing_pv_hooks_refused)
{
    struct gnttab_copy op;

    setup();
    memset(&op, 0, sizeof(op));
    op.source.domid = DOMID_SELF;
    op.dest.domid = DOMID_SELF;
    op.dest.offset = PAGE_SIZE - 4;
    op.len = 8;
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_bad_copy_arg);
    op.dest.offset = 0;
    op.source.offset = PAGE_SIZE - 4;
    CHECK_EQ(gnttab_copy(pv_grantee, &op), GNTST_bad_copy_arg);
    /* Before the PV layer installs its hooks a PV mapping fails cleanly. */
    gnttab_set_pv_ops(NULL);
    grant(3, pv_grantee->id, 5, false);
    CHECK_EQ(map(pv_grantee, 3, GNTMAP_host_map, 0x1000, NULL), GNTST_general_error);
    CHECK_EQ(fake_mm_refs_held(), 0);
    CHECK_EQ(entry(3)->flags, GTF_permit_access);
}
