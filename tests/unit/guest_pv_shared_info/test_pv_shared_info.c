/* SPDX-License-Identifier: MIT */
/* test_pv_shared_info.c - the shared_info frame: the guest maps it writable, nothing more. */
#include "unit.h"
#include "../mm/mm_test.h"

#include "core/domain.h"
#include "guest/pv/pv_mm.h"
#include "guest/pv/pv_shared_info.h"

#define P  0x1ULL
#define RW 0x2ULL
#define US 0x4ULL

static struct shared_info boot_shared ALIGNED(4096);
static struct domain *d, *other;

static struct domain *make(domid_t id)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 16, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1, .shared_info = &boot_shared,
    };
    struct domain *out = NULL;

    CHECK_EQ(domain_create(id, &cfg, &out), STATUS_OK);
    return out;
}

static void setup(void)
{
    mm_test_machine(256, 1);
    domain_table_reset();
    pv_mm_set_hooks(NULL);
    d = make(1);
    other = make(2);
}

static struct frame_info info_of(mfn_t m)
{
    struct frame_info i;

    CHECK_EQ(frame_get_info(m, &i), STATUS_OK);
    return i;
}

/* An L1 of dom whose entry 0 maps target with flags. */
static mfn_t l1_mapping(struct domain *dom, mfn_t target, uint64_t flags)
{
    mfn_t l1 = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&dom->mm.account, 0, &l1), STATUS_OK);
    ((uint64_t *)arch_frame_to_virt(l1))[0] = (target << 12) | flags;
    return l1;
}

UNIT_TEST(alloc_gives_the_domain_a_zeroed_frame_outside_its_limit)
{
    struct pv_shared_frame s;
    mfn_t m;

    setup();
    mm_test_frame_fill(2, 0xa5);                 /* scrubbed on allocation */
    CHECK_EQ(pv_shared_info_alloc(&s, d->id), STATUS_OK);
    m = s.mfn;
    struct frame_info i = info_of(m);
    CHECK_EQ(i.owner, d->id);
    CHECK_EQ(i.type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(i.type_count, 1);
    CHECK_EQ(i.ref_count, 1);
    CHECK(mm_test_frame_zero(m));
    CHECK_EQ(d->mm.account.pages, 0);            /* mem= stays the guest's */
    CHECK_EQ(s.account.pages, 1);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_OK);
    CHECK_EQ(frame_owner(m), DOMID_INVALID);
    CHECK_EQ(s.account.pages, 0);
}

/* The regression: the frame used to be Xen's, so the guest's writable
 * mapping of start_info->shared_info was refused with -EINVAL. */
UNIT_TEST(the_domain_maps_it_writable_and_read_only)
{
    struct pv_shared_frame s;
    mfn_t m, xen = INVALID_MFN;

    setup();
    CHECK_EQ(pv_shared_info_alloc(&s, d->id), STATUS_OK);
    m = s.mfn;
    mfn_t rw = l1_mapping(d, m, P | RW | US), ro = l1_mapping(d, m, P | US);
    CHECK_EQ(pv_mm_get_table(d, rw, 1), STATUS_OK);
    CHECK_EQ(pv_mm_get_table(d, ro, 1), STATUS_OK);
    CHECK_EQ(info_of(m).type_count, 2);
    CHECK_EQ(info_of(m).ref_count, 2);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_EBUSY);   /* still mapped */
    CHECK_EQ(frame_owner(m), d->id);
    pv_mm_put_table(d, rw, 1);
    pv_mm_put_table(d, ro, 1);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_OK);
    /* A plain hypervisor frame stays unmappable. */
    CHECK_EQ(page_alloc_frames(0, &xen), STATUS_OK);
    mfn_t bad = l1_mapping(d, xen, P | RW | US);
    CHECK(pv_mm_get_table(d, bad, 1) != STATUS_OK);
}

UNIT_TEST(another_domain_cannot_map_it)
{
    struct pv_shared_frame s;
    mfn_t m;

    setup();
    CHECK_EQ(pv_shared_info_alloc(&s, d->id), STATUS_OK);
    m = s.mfn;
    mfn_t rw = l1_mapping(other, m, P | RW | US), ro = l1_mapping(other, m, P | US);
    CHECK(pv_mm_get_table(other, rw, 1) != STATUS_OK);
    CHECK(pv_mm_get_table(other, ro, 1) != STATUS_OK);
    CHECK_EQ(info_of(m).type_count, 1);
    CHECK_EQ(info_of(m).ref_count, 1);
}

UNIT_TEST(it_never_becomes_a_page_table_nor_freed_by_the_guest)
{
    struct pv_shared_frame s;
    mfn_t m;

    setup();
    CHECK_EQ(pv_shared_info_alloc(&s, d->id), STATUS_OK);
    m = s.mfn;
    for (unsigned int level = 1; level <= 4; level++) {
        CHECK(pv_mm_pin(d, m, level) != STATUS_OK);
        CHECK(pv_mm_get_table(d, m, level) != STATUS_OK);
    }
    CHECK_EQ(frame_get_type(m, d->id, FRAME_TYPE_SEG_DESC), STATUS_EBUSY);
    /* decrease_reservation frees through the domain's account: refused. */
    CHECK(page_free_domain_frames(&d->mm.account, m, 0) != STATUS_OK);
    CHECK_EQ(frame_owner(m), d->id);
    CHECK_EQ(info_of(m).type_count, 1);
}

UNIT_TEST(alloc_and_free_errors)
{
    struct pv_shared_frame s, wrong;
    mfn_t plain = INVALID_MFN;

    setup();
    CHECK_EQ(pv_shared_info_alloc(&s, DOMID_XEN), STATUS_EINVAL);
    CHECK_EQ(s.mfn, INVALID_MFN);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_EINVAL);             /* holds none */
    mm_test_machine(8, 8);                       /* no free frame at all */
    domain_table_reset();
    CHECK_EQ(pv_shared_info_alloc(&s, 1), STATUS_ENOMEM);
    CHECK_EQ(s.mfn, INVALID_MFN);

    setup();
    CHECK_EQ(pv_shared_info_alloc(&s, d->id), STATUS_OK);
    wrong = s;
    wrong.mfn = frame_table_size();
    CHECK_EQ(pv_shared_info_free(&wrong), STATUS_EINVAL);         /* not in the table */
    CHECK_EQ(page_alloc_domain_frames(&d->mm.account, 0, &plain), STATUS_OK);
    wrong.mfn = plain;
    CHECK_EQ(pv_shared_info_free(&wrong), STATUS_EINVAL);         /* no type held */
    wrong = s;
    wrong.account.domid = other->id;
    CHECK_EQ(pv_shared_info_free(&wrong), STATUS_EINVAL);         /* other owner */
    CHECK_EQ(frame_get(s.mfn, d->id), STATUS_OK);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_EBUSY);              /* a reference */
    CHECK_EQ(frame_put(s.mfn), STATUS_OK);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_OK);
    CHECK_EQ(s.mfn, INVALID_MFN);
    CHECK_EQ(pv_shared_info_free(&s), STATUS_EINVAL);             /* twice */
    CHECK_EQ(frame_owner(plain), d->id);         /* the guest's page untouched */
}
