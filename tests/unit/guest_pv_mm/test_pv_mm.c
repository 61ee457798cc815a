/* SPDX-License-Identifier: MIT */
/* test_pv_mm.c - PV page-table validation, counts, pins and regressions. */
#include "unit.h"
#include "../mm/mm_test.h"

#include <string.h>

#include "core/mm_port.h"
#include "guest/pv/pv_mm.h"
#include "hypercall/hypercall.h"

#define P  0x1ULL
#define RW 0x2ULL
#define PSE 0x80ULL

static struct shared_info shared ALIGNED(4096);
static struct domain *d, *other;

static struct domain *make(domid_t id)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 64, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1, .shared_info = &shared,
    };
    struct domain *out = NULL;

    CHECK_EQ(domain_create(id, &cfg, &out), STATUS_OK);
    out->vcpus[0].pv_l4 = out->vcpus[0].pv_kernel_l4 = INVALID_MFN;
    out->vcpus[0].pv_user_l4 = INVALID_MFN;
    return out;
}

static void setup(void)
{
    mm_test_machine(512, 1);
    domain_table_reset();
    domain_set_hooks(NULL);
    mm_port_use_mm();
    pv_mm_set_hooks(NULL);
    d = make(1);
    other = make(2);
}

static mfn_t frame(struct domain *dom)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&dom->mm.account, 0, &mfn), STATUS_OK);
    mm_test_frame_fill(mfn, 0);
    return mfn;
}

static void set(mfn_t t, unsigned int i, uint64_t v)
{
    ((uint64_t *)arch_frame_to_virt(t))[i] = v;
}

static struct frame_info fi(mfn_t m)
{
    struct frame_info info;

    CHECK_EQ(frame_get_info(m, &info), STATUS_OK);
    return info;
}

/* Frame with no type references and only the allocation reference. */
static bool clean(mfn_t m)
{
    struct frame_info i = fi(m);

    return i.type_count == 0 && i.ref_count == 1 && !i.validated && !i.pinned;
}

/* A chain l4[0] -> l3[0] -> l2[0] -> l1 with l1[0] = data rw, l1[1] = ro. */
struct chain { mfn_t l4, l3, l2, l1, rw, ro; };

static struct chain chain(void)
{
    struct chain c = { frame(d), frame(d), frame(d), frame(d), frame(d), frame(d) };

    set(c.l4, 0, (c.l3 << 12) | P | RW);
    set(c.l3, 0, (c.l2 << 12) | P | RW);
    set(c.l2, 0, (c.l1 << 12) | P | RW);
    set(c.l1, 0, (c.rw << 12) | P | RW);
    set(c.l1, 1, (c.ro << 12) | P);
    return c;
}

static bool chain_clean(const struct chain *c)
{
    return clean(c->l4) && clean(c->l3) && clean(c->l2) && clean(c->l1) &&
           clean(c->rw) && clean(c->ro);
}

UNIT_TEST(get_table_validates_the_whole_chain_and_put_releases_it)
{
    setup();
    struct chain c = chain();

    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_OK);
    CHECK_EQ(fi(c.l4).type, FRAME_TYPE_L4);
    CHECK(fi(c.l4).validated);
    CHECK_EQ(fi(c.l1).type, FRAME_TYPE_L1);
    CHECK_EQ(fi(c.l1).type_count, 1U);
    CHECK_EQ(fi(c.rw).type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(fi(c.rw).type_count, 1U);
    CHECK_EQ(fi(c.ro).ref_count, 2U);
    CHECK_EQ(fi(c.ro).type_count, 0U);
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_OK);   /* already valid */
    CHECK_EQ(fi(c.l4).type_count, 2U);
    CHECK_EQ(fi(c.l3).type_count, 1U);
    pv_mm_put_table(d, c.l4, 4);
    CHECK_EQ(fi(c.l3).type_count, 1U);
    pv_mm_put_table(d, c.l4, 4);
    CHECK(chain_clean(&c));
}

UNIT_TEST(bad_arguments_are_refused)
{
    setup();
    struct chain c = chain();

    CHECK_EQ(pv_mm_get_table(d, c.l4, 0), STATUS_EINVAL);
    CHECK_EQ(pv_mm_get_table(d, c.l4, 5), STATUS_EINVAL);
    CHECK_EQ(pv_mm_get_table(other, c.l4, 4), STATUS_EINVAL);
    CHECK_EQ(pv_mm_get_table(d, c.rw, 4), STATUS_OK);   /* zero entries */
    pv_mm_put_table(d, c.rw, 4);
    CHECK_EQ(frame_get_type(c.rw, d->id, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(pv_mm_get_table(d, c.rw, 1), STATUS_EINVAL); /* wrong type */
    CHECK_EQ(frame_put_type(c.rw, FRAME_TYPE_WRITABLE), STATUS_OK);
    pv_mm_put_table(d, c.l4, 4);                         /* not held: no-op */
    pv_mm_put_table(d, c.l4, 9);
    CHECK(chain_clean(&c));
}

UNIT_TEST(xsa167_mfn_beyond_the_frame_table_is_refused)
{
    setup();
    struct chain c = chain();

    CHECK_EQ(pv_mm_get_table(d, 512, 1), STATUS_EINVAL);
    CHECK_EQ(pv_mm_get_table(d, 0xFFFFFFFFFULL, 4), STATUS_EINVAL);
    set(c.l1, 2, (0xFFFFFULL << 12) | P);
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
}

UNIT_TEST(partial_validation_failure_undoes_every_reference)
{
    setup();
    struct chain c = chain();
    mfn_t foreign = frame(other);

    /* The last entry of the deepest table fails after all others counted. */
    set(c.l1, 511, (foreign << 12) | P);
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
    CHECK(clean(foreign));
    set(c.l1, 511, 0);
    set(c.l4, 1, (c.l3 << 12) | P);         /* second L3 path ok ... */
    set(c.l3, 1, (c.l1 << 12) | P | PSE);   /* ... but a 1G superpage */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
    set(c.l3, 1, 0);
    set(c.l2, 3, (c.l1 << 12) | P | PSE);   /* 2M superpage */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
    set(c.l2, 3, (c.l1 << 12) | P | (1ULL << 55));  /* reserved bit */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
}

UNIT_TEST(xsa182_recursive_mappings_are_refused)
{
    setup();
    struct chain c = chain();

    set(c.l1, 5, (c.l4 << 12) | P | RW);     /* writable map of the L4 */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
    set(c.l1, 5, 0);
    set(c.l4, 7, (c.l4 << 12) | P);          /* linear L4 self-slot, even RO */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_EINVAL);
    CHECK(chain_clean(&c));
    set(c.l4, 7, 0);
    set(c.l1, 5, (c.l1 << 12) | P);          /* read-only self-map of an L1 */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_OK);
    CHECK_EQ(fi(c.l1).ref_count, 2U);
    /* A writable map of a live table, and a table of a writable page. */
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 6, (c.l2 << 12) | P | RW), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(d, c.l2, 6, (c.rw << 12) | P), STATUS_EINVAL);
    pv_mm_put_table(d, c.l4, 4);
    CHECK(chain_clean(&c));
}

UNIT_TEST(reserved_l4_slots_are_not_the_guests)
{
    setup();
    struct chain c = chain();

    set(c.l4, PV_XEN_L4_FIRST, (c.l4 << 12) | P | RW);  /* ignored */
    set(c.l4, PV_XEN_L4_LAST, 0xFFFFFFFFFFFFFFFFULL);
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_OK);
    CHECK_EQ(pv_mm_write_entry(d, c.l4, PV_XEN_L4_FIRST, 0), STATUS_EPERM);
    CHECK_EQ(pv_mm_write_entry(d, c.l4, PV_XEN_L4_LAST, 0), STATUS_EPERM);
    pv_mm_put_table(d, c.l4, 4);
    CHECK(chain_clean(&c));
}

UNIT_TEST(xsa286_write_entry_then_put_table_leaves_exact_counts)
{
    setup();
    struct chain c = chain();
    mfn_t page = frame(d), foreign = frame(other);

    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_OK);
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 0, (page << 12) | P | RW), STATUS_OK);
    CHECK(clean(c.rw));
    CHECK_EQ(fi(page).type_count, 1U);
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 0, (page << 12) | P), STATUS_OK);
    CHECK_EQ(fi(page).type_count, 0U);
    CHECK_EQ(fi(page).ref_count, 2U);
    /* Old and new the same frame: new ref first, so never transiently zero. */
    CHECK_EQ(pv_mm_write_entry(d, c.l2, 0, (c.l1 << 12) | P), STATUS_OK);
    CHECK_EQ(fi(c.l1).type_count, 1U);
    CHECK(fi(c.l1).validated);
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 9, (foreign << 12) | P), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 512, 0), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(d, c.rw, 0, 0), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(other, c.l1, 0, 0), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(d, 4096, 0, 0), STATUS_EINVAL);
    CHECK_EQ(pv_mm_write_entry(d, c.l3, 0, 0), STATUS_OK);  /* unhook L2 */
    CHECK(clean(c.l2) && clean(c.l1) && clean(page) && clean(c.ro));
    pv_mm_put_table(d, c.l4, 4);
    CHECK(chain_clean(&c));
    CHECK(clean(page));
}

UNIT_TEST(pin_keeps_a_table_valid_and_unpin_releases_it)
{
    setup();
    struct chain c = chain();

    CHECK_EQ(pv_mm_pin(d, c.l4, 4), STATUS_OK);
    CHECK(fi(c.l4).pinned);
    CHECK_EQ(fi(c.l4).type_count, 1U);
    CHECK(fi(c.l1).validated);
    CHECK_EQ(pv_mm_pin(d, c.l4, 4), STATUS_EEXIST);
    CHECK_EQ(fi(c.l4).type_count, 1U);
    CHECK_EQ(pv_mm_pin(d, c.l4, 3), STATUS_EINVAL);
    pv_mm_put_table(d, c.l4, 4);                 /* the pin's: refused */
    CHECK_EQ(fi(c.l4).type_count, 1U);
    CHECK_EQ(pv_mm_unpin(other, c.l4), STATUS_EINVAL);
    CHECK_EQ(pv_mm_unpin(d, c.l4), STATUS_OK);
    CHECK(chain_clean(&c));
    CHECK_EQ(pv_mm_unpin(d, c.l4), STATUS_EINVAL);
    CHECK_EQ(pv_mm_unpin(d, 100000), STATUS_EINVAL);
}

static int base_changes;
static void on_base(struct vcpu *v) { (void)v; base_changes++; }

UNIT_TEST(kernel_base_holds_one_l4_reference)
{
    setup();
    struct chain a = chain(), b = chain();
    struct pv_mm_hooks hooks = { .base_changed = on_base };
    struct vcpu *v = &d->vcpus[0];

    pv_mm_set_hooks(&hooks);
    base_changes = 0;
    CHECK_EQ(pv_mm_set_kernel_base(v, a.l4), STATUS_OK);
    CHECK_EQ(v->pv_l4, a.l4);
    CHECK_EQ(fi(a.l4).type_count, 1U);
    CHECK_EQ(frame_get_type(b.rw, d->id, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(pv_mm_set_kernel_base(v, b.rw), STATUS_EINVAL);
    CHECK_EQ(frame_put_type(b.rw, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(v->pv_kernel_l4, a.l4);
    CHECK_EQ(pv_mm_set_kernel_base(v, b.l4), STATUS_OK);
    CHECK(chain_clean(&a));
    CHECK_EQ(base_changes, 2);
    v->pv_user_mode = true;
    CHECK_EQ(pv_mm_set_kernel_base(v, a.l4), STATUS_OK);
    CHECK_EQ(v->pv_l4, b.l4);                    /* user mode: not loaded */
    CHECK_EQ(base_changes, 2);
    CHECK(chain_clean(&b));
    pv_mm_teardown(d);
    CHECK(chain_clean(&a));
}

UNIT_TEST(teardown_leaves_every_frame_with_zero_counts)
{
    setup();
    struct chain a = chain(), b = chain();
    struct vcpu *v = &d->vcpus[0];

    CHECK_EQ(pv_mm_pin(d, a.l1, 1), STATUS_OK);
    CHECK_EQ(pv_mm_pin(d, a.l4, 4), STATUS_OK);
    CHECK_EQ(pv_mm_pin(d, b.l2, 2), STATUS_OK);
    CHECK_EQ(pv_mm_set_kernel_base(v, b.l4), STATUS_OK);
    CHECK_EQ(pv_mm_get_table(d, a.l4, 4), STATUS_OK);
    v->pv_user_l4 = a.l4;                        /* user base holds that one */
    pv_mm_teardown(d);
    CHECK(chain_clean(&a));
    CHECK(chain_clean(&b));
    CHECK_EQ(v->pv_l4, INVALID_MFN);
}

static uint64_t get(mfn_t t, unsigned int i)
{
    return ((const uint64_t *)arch_frame_to_virt(t))[i];
}

/* Regression (Linux's kernel PTEs lack the user bit, and its kernel runs
 * in ring 3): every present entry gets US when validated or written, as
 * Xen's adjust_guest_l*e; empty entries stay as they are. */
UNIT_TEST(present_entries_get_the_user_bit)
{
    setup();
    struct chain c = chain();
    const uint64_t US = 0x4ULL;

    set(c.l1, 2, 0x1234000ULL);                        /* not present */
    CHECK_EQ(pv_mm_get_table(d, c.l4, 4), STATUS_OK);
    CHECK_EQ(get(c.l4, 0), (c.l3 << 12) | P | RW | US);
    CHECK_EQ(get(c.l3, 0), (c.l2 << 12) | P | RW | US);
    CHECK_EQ(get(c.l2, 0), (c.l1 << 12) | P | RW | US);
    CHECK_EQ(get(c.l1, 0), (c.rw << 12) | P | RW | US);
    CHECK_EQ(get(c.l1, 1), (c.ro << 12) | P | US);
    CHECK_EQ(get(c.l1, 2), 0x1234000ULL);
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 3, (c.ro << 12) | P), STATUS_OK);
    CHECK_EQ(get(c.l1, 3), (c.ro << 12) | P | US);
    CHECK_EQ(pv_mm_write_entry(d, c.l1, 3, 0x5678000ULL), STATUS_OK);
    CHECK_EQ(get(c.l1, 3), 0x5678000ULL);
    pv_mm_put_table(d, c.l4, 4);
    CHECK(chain_clean(&c));
}
