/* SPDX-License-Identifier: MIT */
/* test_pv_grant.c - grant mappings written into validated PV L1 entries, and refusals. */
#include "unit.h"
#include "pt_fixture.h"

#include <string.h>

#include "core/gnttab.h"
#include "guest/pv/pv_grant.h"
#include "guest/pv/pv_mm.h"

#define GRANT_FLAGS (P | US | 0x20ULL | 0x40ULL | (1ULL << 63))
#define REF 3U

static void grant(grant_ref_t ref, mfn_t mfn, uint16_t flags)
{
    struct grant_entry_v1 *e = (struct grant_entry_v1 *)arch_frame_to_virt(fx.grant_table) + ref;

    e->domid = fx.d->id;
    e->frame = (uint32_t)mfn;
    e->flags = flags;
}

static int16_t map(uint64_t va, uint32_t flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = va, .flags = flags, .ref = REF, .dom = fx.other->id,
    };
    int16_t st = gnttab_map(fx.d, &op);

    if (h != NULL)
        *h = op.handle;
    return st;
}

static int16_t unmap(uint64_t va, grant_handle_t h)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = va, .handle = h };

    return gnttab_unmap(fx.d, &op);
}

static uint32_t pins(void)
{
    uint32_t rd, wr;

    gnttab_active_pins(fx.other, REF, &rd, &wr);
    return rd + wr;
}

UNIT_TEST(writable_grant_lands_in_the_l1_entry_and_unmap_clears_it)
{
    grant_handle_t h;
    mfn_t g;

    fx_setup();
    g = fx.other_frame;
    grant(REF, g, GTF_permit_access);
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map, &h), GNTST_okay);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), (g << 12) | GRANT_FLAGS | RW);
    CHECK_EQ(fx_info(g).type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(fx_info(g).type_count, 2U);            /* the pin and the entry */
    CHECK_EQ(fx_info(g).ref_count, 2U);             /* allocation and pin */
    CHECK_EQ(fx_info(g).owner, fx.other->id);       /* still the granter's */
    CHECK_EQ(unmap(FX_FREE_VA, h), GNTST_okay);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    CHECK_EQ(fx_info(g).type_count, 0U);
    CHECK_EQ(fx_info(g).ref_count, 1U);
    CHECK_EQ(pins(), 0U);
    CHECK(gnttab_invariants_hold());
}

static int invlpgs;
static uint64_t invlpg_va;
static bool invlpg_all;

static void count_invlpg(struct vcpu *v, uint64_t va, bool all_cpus)
{
    (void)v;
    invlpgs++;
    invlpg_va = va;
    invlpg_all = all_cpus;
}

/* Regression: an unmapped grant stayed reachable through the TLB (the
 * grantee read the granter's page after GNTTABOP_unmap_grant_ref). */
UNIT_TEST(map_and_unmap_invalidate_the_address_everywhere)
{
    static const struct pv_mm_hooks hooks = { .invlpg = count_invlpg };
    grant_handle_t h;

    fx_setup();
    pv_mm_set_hooks(&hooks);
    invlpgs = 0;
    grant(REF, fx.other_frame, GTF_permit_access);
    CHECK_EQ(map(FX_DATA, GNTMAP_host_map, &h), GNTST_okay);
    CHECK_EQ(invlpgs, 1);
    CHECK_EQ(invlpg_va, FX_DATA);
    CHECK(invlpg_all);
    CHECK_EQ(unmap(FX_DATA, h), GNTST_okay);
    CHECK_EQ(invlpgs, 2);
    CHECK_EQ(invlpg_va, FX_DATA);
    CHECK(unmap(FX_DATA, h) != GNTST_okay);
    CHECK_EQ(invlpgs, 2);                            /* nothing changed */
    pv_mm_set_hooks(NULL);
}

UNIT_TEST(readonly_grant_holds_a_general_reference_only)
{
    grant_handle_t h;
    mfn_t g;

    fx_setup();
    g = fx.other_frame;
    grant(REF, g, GTF_permit_access | GTF_readonly);
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map, &h), GNTST_permission_denied);
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), (g << 12) | GRANT_FLAGS);
    CHECK_EQ(fx_info(g).type_count, 0U);
    CHECK_EQ(fx_info(g).ref_count, 3U);             /* allocation, pin, entry */
    CHECK_EQ(unmap(FX_FREE_VA, h), GNTST_okay);
    CHECK_EQ(fx_info(g).ref_count, 1U);
}

UNIT_TEST(another_domains_frame_without_a_grant_is_refused)
{
    grant_handle_t h;
    mfn_t g;

    fx_setup();
    g = fx.other_frame;
    grant(REF, g, 0);                               /* not offered */
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map, &h), GNTST_permission_denied);
    grant(REF, g, GTF_permit_access);
    ((struct grant_entry_v1 *)arch_frame_to_virt(fx.grant_table))[REF].domid = 7;
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map, &h), GNTST_permission_denied);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    CHECK_EQ(fx_info(g).ref_count, 1U);
    CHECK_EQ(fx_info(g).type_count, 0U);
    /* The PV MMU itself never accepts a foreign frame in an entry. */
    CHECK_EQ(pv_mm_write_entry(fx.d, fx.l1, FX_FREE_SLOT, (g << 12) | P | RW), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(fx.d, fx.l1, FX_FREE_SLOT, (g << 12) | P), STATUS_EINVAL);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    /* Nor does the hook for a frame nobody owns. */
    CHECK_EQ(pv_grant_map(fx.d, FX_FREE_VA, 100000, true), STATUS_EINVAL);
}

UNIT_TEST(read_write_grant_of_a_page_table_is_refused)
{
    grant_handle_t h;
    mfn_t t;

    fx_setup();
    t = fx_frame(fx.other);
    CHECK_EQ(pv_mm_pin(fx.other, t, 1), STATUS_OK); /* domain 2's own L1 */
    grant(REF, t, GTF_permit_access);
    CHECK(map(FX_FREE_VA, GNTMAP_host_map, &h) != GNTST_okay);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    CHECK_EQ(fx_info(t).type, FRAME_TYPE_L1);
    CHECK_EQ(fx_info(t).type_count, 1U);
    CHECK_EQ(fx_info(t).ref_count, 1U);
    CHECK_EQ(pins(), 0U);
    /* The hook refuses it on its own too (a pin is not its only guard). */
    CHECK_EQ(pv_grant_map(fx.d, FX_FREE_VA, t, false), STATUS_EINVAL);
    CHECK_EQ(pv_grant_map(fx.d, FX_FREE_VA, fx.l2, false), STATUS_EINVAL);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), 0ULL);
    /* Read-only is fine, as for the guest's own tables. */
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    CHECK_EQ(*fx_entry(fx.l1, FX_FREE_SLOT), (t << 12) | GRANT_FLAGS);
    CHECK_EQ(unmap(FX_FREE_VA, h), GNTST_okay);
    CHECK_EQ(fx_info(t).ref_count, 1U);
}

UNIT_TEST(grant_replaces_an_existing_entry_through_the_pv_mmu)
{
    grant_handle_t h;

    fx_setup();
    grant(REF, fx.other_frame, GTF_permit_access);
    CHECK_EQ(fx_info(fx.data).type_count, 1U);
    CHECK_EQ(map(FX_DATA, GNTMAP_host_map, &h), GNTST_okay);
    CHECK_EQ(fx_info(fx.data).type_count, 0U);       /* old entry's reference */
    CHECK_EQ(*fx_entry(fx.l1, 1), (fx.other_frame << 12) | GRANT_FLAGS | RW);
    CHECK_EQ(unmap(FX_DATA, h), GNTST_okay);
    CHECK_EQ(*fx_entry(fx.l1, 1), 0ULL);
}

UNIT_TEST(bad_addresses_and_tables_are_refused)
{
    grant_handle_t h;
    mfn_t g;

    fx_setup();
    g = fx.other_frame;
    grant(REF, g, GTF_permit_access);
    CHECK_EQ(map(0x600000ULL, GNTMAP_host_map, &h), GNTST_general_error); /* no L1 */
    CHECK_EQ(map(0x8000000000ULL, GNTMAP_host_map, &h), GNTST_general_error); /* no L3 */
    CHECK_EQ(map(0x0000800000000000ULL, GNTMAP_host_map, &h), GNTST_general_error);
    CHECK_EQ(map(0xffff800000000000ULL, GNTMAP_host_map, &h), GNTST_general_error);
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map | GNTMAP_contains_pte, &h),
             GNTST_general_error);                   /* not supported */
    CHECK_EQ(fx_info(g).type_count, 0U);
    CHECK_EQ(fx_info(g).ref_count, 1U);
    CHECK_EQ(pins(), 0U);
    /* A kernel L4 that is not a validated table of the domain. */
    CHECK_EQ(pv_grant_map(fx.other, FX_FREE_VA, g, true), STATUS_EINVAL);
    fx.d->hvm = true;
    CHECK_EQ(pv_grant_map(fx.d, FX_FREE_VA, g, true), STATUS_EINVAL);
    CHECK_EQ(pv_grant_unmap(fx.d, FX_FREE_VA, g), STATUS_EINVAL);
    fx.d->hvm = false;
    CHECK_EQ(fx_info(g).ref_count, 1U);
}

UNIT_TEST(the_calling_vcpus_kernel_l4_is_used)
{
    grant_handle_t h;

    fx_setup();
    grant(REF, fx.other_frame, GTF_permit_access);
    fx.gv->running_on = arch_cpu_id();
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map, &h), GNTST_okay);
    CHECK_EQ(unmap(FX_FREE_VA, h), GNTST_okay);
    fx.gv->running_on = GUEST_NOT_RUNNING;
}

UNIT_TEST(unmap_of_an_entry_the_guest_changed_keeps_the_pin_until_death)
{
    grant_handle_t h;
    mfn_t g;

    fx_setup();
    g = fx.other_frame;
    grant(REF, g, GTF_permit_access);
    CHECK_EQ(map(FX_FREE_VA, GNTMAP_host_map, &h), GNTST_okay);
    /* The guest clears the entry itself: the PV MMU drops its reference. */
    CHECK_EQ(pv_mm_write_entry(fx.d, fx.l1, FX_FREE_SLOT, 0), STATUS_OK);
    CHECK_EQ(fx_info(g).type_count, 1U);            /* the pin's */
    CHECK_EQ(unmap(FX_FREE_VA, h), GNTST_general_error);
    /* ...or maps its own frame there. */
    CHECK_EQ(pv_mm_write_entry(fx.d, fx.l1, FX_FREE_SLOT, (fx.spare[0] << 12) | P), STATUS_OK);
    CHECK_EQ(unmap(FX_FREE_VA, h), GNTST_general_error);
    CHECK_EQ(pv_grant_unmap(fx.d, 0x600000ULL, g), STATUS_EINVAL);
    CHECK_EQ(pins(), 1U);
    /* Domain death releases it, whatever the tables say. */
    CHECK(domain_get(fx.d->id) == fx.d);           /* keep it dying */
    CHECK_EQ(domain_destroy(fx.d), STATUS_OK);
    CHECK_EQ(pins(), 0U);
    CHECK_EQ(fx_info(g).type_count, 0U);
    CHECK_EQ(pv_grant_unmap(fx.d, 0x600000ULL, g), STATUS_OK);
    CHECK_EQ(pv_grant_unmap(fx.d, FX_FREE_VA, g), STATUS_OK);
    domain_put(fx.d);
}
