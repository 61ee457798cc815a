/* SPDX-License-Identifier: MIT */
/* test_pv_mm_ops.c - the PV MMU hypercalls: every command, batches, continuations. */
#include "unit.h"
#include "../mm/mm_test.h"

#include <string.h>

#include "core/mm_port.h"
#include "guest/pv/pv_mm.h"
#include "guest/vcpu_state.h"
#include "hypercall/hypercall.h"
#include "mm/m2p.h"

#define P   0x1ULL
#define RW  0x2ULL
#define US  0x4ULL
#define ACC 0x20ULL
#define DIR 0x40ULL
#define PREEMPTED 0x80000000ULL

/* The guest sees DATA_PAGES pages at GVA (l4[0] -> l3[0] -> l2[2] -> l1). */
#define GVA        0x400000ULL
#define DATA_PAGES 8U
#define GVA_END    (GVA + DATA_PAGES * 4096ULL)
#define DONE_VA    (GVA_END - 8U)           /* the guest's `done` word */

static struct shared_info shared ALIGNED(4096);
static struct domain *d, *other;
static struct vcpu *v;
static mfn_t l4, l3, l2, l1, data[DATA_PAGES];

struct counts { int base, flush_local, flush_all, invlpg_local, invlpg_all; uint64_t va; };
static struct counts seen;

static void on_base(struct vcpu *x) { (void)x; seen.base++; }
static void on_flush(struct vcpu *x, bool all)
{
    (void)x;
    if (all)
        seen.flush_all++;
    else
        seen.flush_local++;
}
static void on_invlpg(struct vcpu *x, uint64_t va, bool all)
{
    (void)x;
    seen.va = va;
    if (all)
        seen.invlpg_all++;
    else
        seen.invlpg_local++;
}

static int preempt_every, preempt_checks;
static bool preempt_hook(void)
{
    preempt_checks++;
    return preempt_every > 0 && preempt_checks % preempt_every == 0;
}

static struct domain *make(domid_t id, bool privileged, bool hvm)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 128, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1, .shared_info = &shared, .privileged = privileged, .hvm = hvm,
    };
    struct domain *out = NULL;

    CHECK_EQ(domain_create(id, &cfg, &out), STATUS_OK);
    return out;
}

static mfn_t frame(struct domain *dom)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&dom->mm.account, 0, &mfn), STATUS_OK);
    mm_test_frame_fill(mfn, 0);
    return mfn;
}

static uint64_t *ent(mfn_t t) { return (uint64_t *)arch_frame_to_virt(t); }

static struct frame_info fi(mfn_t m)
{
    struct frame_info info;

    CHECK_EQ(frame_get_info(m, &info), STATUS_OK);
    return info;
}

static bool clean(mfn_t m)
{
    struct frame_info i = fi(m);

    return i.type_count == 0 && i.ref_count == 1 && !i.pinned;
}

/* Host pointer to guest virtual address va (inside the data pages). */
static void *gptr(uint64_t va)
{
    CHECK(va >= GVA && va < GVA_END);
    return (char *)arch_frame_to_virt(data[(va - GVA) >> 12]) + (va & 0xfff);
}

static void setup(void)
{
    static const struct pv_mm_hooks hooks = {
        .base_changed = on_base, .flush_tlb = on_flush, .invlpg = on_invlpg,
    };
    struct guest_vcpu *gv = NULL;

    mm_test_machine(1024, 1);
    domain_table_reset();
    guest_vcpu_table_reset();
    domain_set_hooks(NULL);
    hypercall_reset_registrations();
    hypercall_set_preempt_hook(preempt_hook);
    preempt_every = preempt_checks = 0;
    mm_port_use_mm();
    pv_mm_set_hooks(&hooks);
    d = make(1, false, false);
    other = make(2, false, false);
    v = &d->vcpus[0];
    CHECK_EQ(guest_vcpu_create(v, &gv), STATUS_OK);
    CHECK_EQ(pv_mm_register(), STATUS_OK);
    l4 = frame(d), l3 = frame(d), l2 = frame(d), l1 = frame(d);
    ent(l4)[0] = (l3 << 12) | P | RW | US;
    ent(l3)[0] = (l2 << 12) | P | RW | US;
    ent(l2)[2] = (l1 << 12) | P | RW | US;
    for (unsigned int i = 0; i < DATA_PAGES; i++) {
        data[i] = frame(d);
        ent(l1)[i] = (data[i] << 12) | P | RW | US;
    }
    CHECK_EQ(pv_mm_set_kernel_base(v, l4), STATUS_OK);
    CHECK_EQ(v->pv_l4, l4);
    memset(&seen, 0, sizeof(seen));
}

static long call(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                 struct hypercall_frame *f)
{
    *f = (struct hypercall_frame){ .op = op, .args = { a0, a1, a2, a3 } };
    return hypercall_dispatch(v, f);
}

/* Issue op until it no longer asks for a continuation, as the guest does
 * (it re-executes the hypercall with the rewritten arguments). */
static long call_all(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                     int *issues)
{
    struct hypercall_frame f;
    long rc = call(op, a0, a1, a2, a3, &f);

    *issues = 1;
    while (f.preempted) {
        CHECK_EQ(rc, 0);
        rc = hypercall_dispatch(v, &f);
        (*issues)++;
    }
    return rc;
}

static void put_req(uint64_t va, uint64_t ptr, uint64_t val)
{
    struct mmu_update u = { ptr, val };

    memcpy(gptr(va), &u, sizeof(u));
}

static void put_op(uint64_t va, uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = arg1, .arg2 = arg2 };

    memcpy(gptr(va), &op, sizeof(op));
}

static uint32_t done_word(void) { uint32_t x; memcpy(&x, gptr(DONE_VA), 4); return x; }
static void set_done(uint32_t x) { memcpy(gptr(DONE_VA), &x, 4); }

static long mmu_update(uint64_t list, uint64_t count, uint64_t pdone)
{
    struct hypercall_frame f;
    long rc = call(__HYPERVISOR_mmu_update, list, count, pdone, DOMID_SELF, &f);

    CHECK(!f.preempted);
    return rc;
}

static long ext1(uint32_t cmd, uint64_t arg1, uint64_t arg2)
{
    struct hypercall_frame f;

    put_op(GVA, cmd, arg1, arg2);
    set_done(0xdead);
    long rc = call(__HYPERVISOR_mmuext_op, GVA, 1, DONE_VA, DOMID_SELF, &f);
    CHECK(!f.preempted);
    CHECK_EQ(done_word(), rc == 0 ? 1U : 0U);
    return rc;
}

/* A pinned, empty L1 of d to aim updates at. */
static mfn_t pinned_l1(void)
{
    mfn_t t = frame(d);

    CHECK_EQ(pv_mm_pin(d, t, 1), STATUS_OK);
    return t;
}

UNIT_TEST(handlers_are_registered_once)
{
    setup();
    CHECK(hypercall_lookup(__HYPERVISOR_mmu_update) == do_mmu_update);
    CHECK(hypercall_lookup(__HYPERVISOR_update_va_mapping) == do_update_va_mapping);
    CHECK(hypercall_lookup(__HYPERVISOR_update_va_mapping_otherdomain) ==
          do_update_va_mapping_otherdomain);
    CHECK(hypercall_lookup(__HYPERVISOR_mmuext_op) == do_mmuext_op);
    CHECK_EQ(pv_mm_register(), STATUS_EEXIST);
}

UNIT_TEST(mmu_update_writes_validated_entries_and_counts_done)
{
    setup();
    mfn_t t = pinned_l1(), a = frame(d), b = frame(d);

    put_req(GVA, (t << 12) + 0 * 8, (a << 12) | P | RW);
    put_req(GVA + 16, (t << 12) + 1 * 8 + MMU_PT_UPDATE_NO_TRANSLATE, (b << 12) | P);
    put_req(GVA + 32, (t << 12) + 511 * 8, (a << 12) | P);
    set_done(77);
    CHECK_EQ(mmu_update(GVA, 3, DONE_VA), 0);
    CHECK_EQ(done_word(), 3U);                 /* not preempted: not added to 77 */
    /* Installed entries carry the user bit (the guest kernel is ring 3). */
    CHECK_EQ(ent(t)[0], (a << 12) | P | RW | US);
    CHECK_EQ(ent(t)[1], (b << 12) | P | US);
    CHECK_EQ(fi(a).type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(fi(a).type_count, 1U);
    CHECK_EQ(fi(a).ref_count, 2U);             /* allocation + the RO entry */
    CHECK_EQ(fi(b).ref_count, 2U);
    /* Unmap: the references go with the entries. */
    put_req(GVA, (t << 12) + 0 * 8, 0);
    put_req(GVA + 16, (t << 12) + 1 * 8, 0);
    put_req(GVA + 32, (t << 12) + 511 * 8, 0);
    CHECK_EQ(mmu_update(GVA, 3, 0), 0);         /* no pdone: fine */
    CHECK(clean(a) && clean(b));
    CHECK_EQ(pv_mm_unpin(d, t), STATUS_OK);
    CHECK(clean(t));
}

UNIT_TEST(mmu_update_refuses_what_validation_refuses)
{
    setup();
    mfn_t t = pinned_l1(), foreign = frame(other);

    put_req(GVA, (t << 12) + 8, (foreign << 12) | P);             /* XSA-167 class */
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    CHECK_EQ(done_word(), 0U);
    put_req(GVA, (t << 12) + 8, (l1 << 12) | P | RW);              /* XSA-182 class */
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    put_req(GVA, (t << 12) + 8, (0xFFFFFULL << 12) | P);          /* beyond the table */
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    put_req(GVA, (l4 << 12) + 256 * 8, 0);                         /* Strata's slot */
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    put_req(GVA, (l4 << 12) + 271 * 8 + MMU_PT_UPDATE_PRESERVE_AD, 0);
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    put_req(GVA, (foreign << 12), 0);                              /* other's table */
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    put_req(GVA, (100000ULL << 12), 0);                            /* no such frame */
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    for (uint64_t cmd = 4; cmd < 8; cmd++) {
        put_req(GVA, (t << 12) + cmd, 0);
        CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_ENOSYS);
    }
    CHECK(clean(foreign));
    CHECK_EQ(ent(t)[1], 0ULL);
    CHECK_EQ(pv_mm_unpin(d, t), STATUS_OK);
    CHECK(clean(t));
}

UNIT_TEST(mmu_update_preserve_ad_keeps_the_hardware_bits)
{
    setup();
    mfn_t t = pinned_l1(), a = frame(d);

    ent(t)[3] = 0;
    put_req(GVA, (t << 12) + 3 * 8, (a << 12) | P);
    CHECK_EQ(mmu_update(GVA, 1, 0), 0);
    ent(t)[3] |= ACC | DIR;                    /* as the CPU would */
    put_req(GVA, (t << 12) + 3 * 8 + MMU_PT_UPDATE_PRESERVE_AD, (a << 12) | P | RW);
    CHECK_EQ(mmu_update(GVA, 1, 0), 0);
    CHECK_EQ(ent(t)[3], (a << 12) | P | RW | US | ACC | DIR);
    CHECK_EQ(fi(a).type_count, 1U);
    put_req(GVA, (t << 12) + 3 * 8, 0);
    CHECK_EQ(mmu_update(GVA, 1, 0), 0);
    CHECK(clean(a));
}

UNIT_TEST(mmu_update_of_a_plain_frame_writes_it_like_memory)
{
    setup();
    mfn_t page = frame(d), foreign = frame(other);

    put_req(GVA, (page << 12) + 5 * 8, 0x1234);
    CHECK_EQ(mmu_update(GVA, 1, 0), 0);
    CHECK_EQ(ent(page)[5], 0x1234ULL);
    CHECK(clean(page));
    /* A data page the guest maps writable: still plain memory. */
    put_req(GVA, (data[3] << 12) + 8, 0x99);
    CHECK_EQ(mmu_update(GVA, 1, 0), 0);
    CHECK_EQ(ent(data[3])[1], 0x99ULL);
    CHECK_EQ(fi(data[3]).type_count, 1U);
    /* A page typed as something else cannot become writable. */
    CHECK_EQ(frame_get_type(page, d->id, FRAME_TYPE_SEG_DESC), STATUS_OK);
    put_req(GVA, (page << 12), 1);
    CHECK_EQ(mmu_update(GVA, 1, 0), STATUS_EINVAL);
    CHECK_EQ(ent(page)[0], 0ULL);
    CHECK_EQ(frame_put_type(page, FRAME_TYPE_SEG_DESC), STATUS_OK);
    put_req(GVA, (foreign << 12), 1);
    CHECK_EQ(mmu_update(GVA, 1, 0), STATUS_EINVAL);
    CHECK(clean(page) && clean(foreign));
}

UNIT_TEST(machphys_update_sets_the_m2p_of_own_frames_only)
{
    setup();
    mfn_t page = frame(d), foreign = frame(other);

    put_req(GVA, (page << 12) | MMU_MACHPHYS_UPDATE, 0x42);
    put_req(GVA + 16, (data[0] << 12) | 0x800 | MMU_MACHPHYS_UPDATE, 7);
    CHECK_EQ(mmu_update(GVA, 2, DONE_VA), 0);
    CHECK_EQ(done_word(), 2U);
    CHECK_EQ(m2p_get(page), 0x42ULL);
    CHECK_EQ(m2p_get(data[0]), 7ULL);
    put_req(GVA, (foreign << 12) | MMU_MACHPHYS_UPDATE, 0x42);
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    CHECK_EQ(m2p_get(foreign), INVALID_GFN);
    put_req(GVA, (100000ULL << 12) | MMU_MACHPHYS_UPDATE, 1);
    CHECK_EQ(mmu_update(GVA, 1, DONE_VA), STATUS_EINVAL);
    CHECK(clean(page));
}

UNIT_TEST(foreign_owners_are_refused)
{
    setup();
    struct hypercall_frame f;
    mfn_t t = pinned_l1();
    struct domain *priv = make(3, true, false);

    put_req(GVA, (t << 12), 0);
    CHECK_EQ(call(__HYPERVISOR_mmu_update, GVA, 1, 0, d->id, &f), STATUS_ESRCH);
    CHECK_EQ(call(__HYPERVISOR_mmu_update, GVA, 1, 0, other->id, &f), STATUS_EPERM);
    CHECK_EQ(call(__HYPERVISOR_mmu_update, GVA, 1, 0,
                  ((uint64_t)(other->id + 1) << 16) | DOMID_SELF, &f), STATUS_EPERM);
    CHECK_EQ(call(__HYPERVISOR_mmu_update, GVA, 1, 0,
                  ((uint64_t)(DOMID_SELF + 1) << 16) | DOMID_SELF, &f), STATUS_ESRCH);
    CHECK_EQ(call(__HYPERVISOR_mmu_update, GVA, 1, 0,
                  ((uint64_t)(d->id + 1) << 16) | DOMID_SELF, &f), 0);
    CHECK_EQ(call(__HYPERVISOR_mmuext_op, GVA, 1, 0, other->id, &f), STATUS_EPERM);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping_otherdomain, GVA, 0, 0, d->id, &f),
             STATUS_ESRCH);
    /* A privileged caller: -ESRCH for nobody, -EPERM for a real domain. */
    v = &priv->vcpus[0];
    CHECK_EQ(call(__HYPERVISOR_mmuext_op, 0, 1, 0, 9, &f), STATUS_ESRCH);
    CHECK_EQ(call(__HYPERVISOR_mmuext_op, 0, 1, 0, d->id, &f), STATUS_EPERM);
    v = &d->vcpus[0];
}

UNIT_TEST(hvm_callers_get_enosys)
{
    setup();
    struct hypercall_frame f;
    struct domain *hvm = make(3, false, true);

    v = &hvm->vcpus[0];
    CHECK_EQ(call(__HYPERVISOR_mmu_update, 0, 0, 0, DOMID_SELF, &f), STATUS_ENOSYS);
    CHECK_EQ(call(__HYPERVISOR_mmuext_op, 0, 0, 0, DOMID_SELF, &f), STATUS_ENOSYS);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, GVA, 0, 0, 0, &f), STATUS_ENOSYS);
    v = &d->vcpus[0];
}

/* n requests at GVA: entry i maps page pages[i % np] at index (i * 7) % 512. */
static void long_batch(mfn_t t, const mfn_t *pages, unsigned int np, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        put_req(GVA + 16ULL * i, (t << 12) + ((i * 7U) % 512U) * 8U,
                (pages[i % np] << 12) | P | ((i & 1U) ? RW : 0));
}

UNIT_TEST(long_batches_continue_and_end_like_an_uninterrupted_one)
{
    setup();
    enum { N = 1000 };
    mfn_t a = pinned_l1(), b = pinned_l1(), pages[5];
    int issues;

    CHECK(N * 16U <= DATA_PAGES * 4096U - 8U);
    for (unsigned int i = 0; i < 5; i++)
        pages[i] = frame(d);
    /* No preemption: only the batch budget splits it. */
    long_batch(a, pages, 5, N);
    set_done(0);
    CHECK_EQ(call_all(__HYPERVISOR_mmu_update, GVA, N, DONE_VA, DOMID_SELF, &issues), 0);
    CHECK_EQ(issues, (N + (int)HYPERCALL_BATCH_BUDGET - 1) / (int)HYPERCALL_BATCH_BUDGET);
    CHECK_EQ(done_word(), (uint32_t)N);
    /* Preempted every check: one entry per issue, each checked once. */
    long_batch(b, pages, 5, N);
    set_done(0);
    preempt_every = 1;
    preempt_checks = 0;
    CHECK_EQ(call_all(__HYPERVISOR_mmu_update, GVA, N, DONE_VA, DOMID_SELF, &issues), 0);
    CHECK_EQ(issues, N);
    CHECK_EQ(preempt_checks, N - 1);           /* linear: one check per entry */
    CHECK_EQ(done_word(), (uint32_t)N);
    CHECK(memcmp(ent(a), ent(b), 4096) == 0);
    /* Each page holds exactly the references the two tables' entries need. */
    for (unsigned int k = 0; k < 5; k++) {
        uint32_t rw = 0, ro = 0;

        for (unsigned int i = 0; i < 512; i++) {
            if ((ent(a)[i] >> 12) != pages[k] || !(ent(a)[i] & P))
                continue;
            if (ent(a)[i] & RW)
                rw++;
            else
                ro++;
        }
        CHECK(rw > 0 && ro > 0);
        CHECK_EQ(fi(pages[k]).type_count, 2U * rw);
        CHECK_EQ(fi(pages[k]).ref_count, 1U + 2U * ro);
    }
    /* Every 7th check: the same final state once more. */
    CHECK_EQ(pv_mm_unpin(d, b), STATUS_OK);
    b = pinned_l1();
    long_batch(b, pages, 5, N);
    preempt_every = 7;
    preempt_checks = 0;
    CHECK_EQ(call_all(__HYPERVISOR_mmu_update, GVA, N, 0, DOMID_SELF, &issues), 0);
    CHECK(preempt_checks <= N);
    CHECK(memcmp(ent(a), ent(b), 4096) == 0);
    CHECK_EQ(pv_mm_unpin(d, a), STATUS_OK);
    CHECK_EQ(pv_mm_unpin(d, b), STATUS_OK);
    for (unsigned int i = 0; i < 5; i++)
        CHECK(clean(pages[i]));
}

UNIT_TEST(a_continuation_rewrites_list_count_and_done)
{
    setup();
    struct hypercall_frame f;
    mfn_t t = pinned_l1(), page = frame(d);

    for (unsigned int i = 0; i < 4; i++)
        put_req(GVA + 16ULL * i, (t << 12) + i * 8U, (page << 12) | P);
    set_done(0);
    preempt_every = 2;                         /* the 2nd check stops it */
    CHECK_EQ(call(__HYPERVISOR_mmu_update, GVA, 4, DONE_VA, DOMID_SELF, &f), 0);
    CHECK(f.preempted);
    CHECK_EQ(f.args[0], GVA + 32);
    CHECK_EQ(f.args[1], 2ULL | PREEMPTED);
    CHECK_EQ(f.args[2], (uint64_t)DONE_VA);
    CHECK_EQ(f.args[3], (uint64_t)DOMID_SELF);
    CHECK_EQ(done_word(), 2U);
    preempt_every = 0;
    CHECK_EQ(hypercall_dispatch(v, &f), 0);
    CHECK(!f.preempted);
    CHECK_EQ(done_word(), 4U);                 /* 2 earlier + 2 now */
    CHECK_EQ(fi(page).ref_count, 5U);
    CHECK_EQ(pv_mm_unpin(d, t), STATUS_OK);
    CHECK(clean(page));
}

UNIT_TEST(xsa212_each_entry_is_checked_at_its_own_address)
{
    setup();
    mfn_t t = pinned_l1(), page = frame(d);
    uint64_t last = GVA_END - 3 * 16;          /* 3 entries fit, the 4th is unmapped */

    for (unsigned int i = 0; i < 3; i++)
        put_req(last + 16ULL * i, (t << 12) + i * 8U, (page << 12) | P);
    /* done lives on the first page so it stays writable */
    uint32_t zero = 0;
    memcpy(gptr(GVA), &zero, 4);
    CHECK_EQ(mmu_update(last, 5, GVA), STATUS_EFAULT);
    uint32_t done;
    memcpy(&done, gptr(GVA), 4);
    CHECK_EQ(done, 3U);
    CHECK_EQ(ent(t)[2], (page << 12) | P | US);
    CHECK_EQ(fi(page).ref_count, 4U);
    for (unsigned int i = 3; i < 512; i++)
        CHECK_EQ(ent(t)[i], 0ULL);
    /* An entry whose ptr leaves the guest's memory fails at that entry. */
    put_req(GVA + 16, (t << 12) + 100 * 8, (page << 12) | P);
    put_req(GVA + 32, (0xFFFFFFFFFULL << 12), 0);
    put_req(GVA + 48, (t << 12) + 101 * 8, (page << 12) | P);
    set_done(0);
    CHECK_EQ(mmu_update(GVA + 16, 3, DONE_VA), STATUS_EINVAL);
    CHECK_EQ(done_word(), 1U);
    CHECK_EQ(ent(t)[101], 0ULL);
    CHECK_EQ(fi(page).ref_count, 5U);
    /* A list in Strata's own range or not canonical faults at once. */
    CHECK_EQ(mmu_update(HYPERVISOR_VIRT_START, 1, DONE_VA), STATUS_EFAULT);
    CHECK_EQ(mmu_update(0x0000800000000000ULL, 1, DONE_VA), STATUS_EFAULT);
    CHECK_EQ(done_word(), 0U);
    CHECK_EQ(pv_mm_unpin(d, t), STATUS_OK);
    CHECK(clean(page));
}

UNIT_TEST(update_va_mapping_writes_the_current_l1_and_flushes)
{
    setup();
    struct hypercall_frame f;
    mfn_t page = frame(d);
    uint64_t va = GVA + 20 * 4096ULL, word = 0;

    ent(page)[0] = 0xfeed;
    CHECK_EQ(hypercall_copy_from_guest(v, &word, va, 8), STATUS_EFAULT);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, va, (page << 12) | P | RW,
                  UVMF_INVLPG | UVMF_LOCAL, 0, &f), 0);
    CHECK_EQ(ent(l1)[20], (page << 12) | P | RW | US);
    CHECK_EQ(fi(page).type_count, 1U);
    CHECK_EQ(seen.invlpg_local, 1);
    CHECK_EQ(seen.va, va);
    CHECK_EQ(hypercall_copy_from_guest(v, &word, va, 8), STATUS_OK);
    CHECK_EQ(word, 0xfeedULL);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, va, (page << 12) | P,
                  UVMF_TLB_FLUSH | UVMF_ALL, 0, &f), 0);
    CHECK_EQ(seen.flush_all, 1);
    CHECK_EQ(fi(page).type_count, 0U);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, va, (page << 12) | P,
                  UVMF_INVLPG | (GVA + 0x100), 0, &f), 0);   /* MULTI: as ALL */
    CHECK_EQ(seen.invlpg_all, 1);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, va, (page << 12) | P,
                  UVMF_TLB_FLUSH | UVMF_LOCAL, 0, &f), 0);
    CHECK_EQ(seen.flush_local, 1);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, va, 0, UVMF_FLUSHTYPE_MASK, 0, &f), 0);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping_otherdomain, va, 0, UVMF_NONE,
                  DOMID_SELF, &f), 0);
    CHECK_EQ(seen.flush_local + seen.flush_all + seen.invlpg_local + seen.invlpg_all, 4);
    CHECK(clean(page));
}

UNIT_TEST(update_va_mapping_refuses_missing_tables_and_bad_values)
{
    setup();
    struct hypercall_frame f;
    mfn_t foreign = frame(other);

    /* L2 entry 3 (va 6 MiB) is absent: no L1 to write. */
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, 0x600000, 0, UVMF_TLB_FLUSH, 0, &f),
             STATUS_EINVAL);
    /* L4 entry 1 and L3 entry 1 are absent too. */
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, 1ULL << 39, 0, 0, 0, &f), STATUS_EINVAL);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, 1ULL << 30, 0, 0, 0, &f), STATUS_EINVAL);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, HYPERVISOR_VIRT_START, 0, 0, 0, &f),
             STATUS_EINVAL);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, 0x0000800000000000ULL, 0, 0, 0, &f),
             STATUS_EINVAL);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, GVA, (foreign << 12) | P,
                  UVMF_TLB_FLUSH, 0, &f), STATUS_EINVAL);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, GVA, (l2 << 12) | P | RW, 0, 0, &f),
             STATUS_EINVAL);
    CHECK_EQ(ent(l1)[0], (data[0] << 12) | P | RW | US);
    CHECK_EQ(seen.flush_local + seen.flush_all, 0);   /* no flush after a refusal */
    CHECK(clean(foreign));
    /* Without a base pointer nothing can be walked. */
    v->pv_l4 = INVALID_MFN;
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, GVA, 0, 0, 0, &f), STATUS_EINVAL);
    v->pv_l4 = l4;
}

UNIT_TEST(write_l1_entry_insists_on_an_l1)
{
    setup();
    CHECK_EQ(pv_mm_write_l1_entry(d, l2, 2, 0), STATUS_EINVAL);
    CHECK_EQ(ent(l2)[2], (l1 << 12) | P | RW | US);
    CHECK_EQ(pv_mm_write_l1_entry(d, l1, 9, (data[0] << 12) | P), STATUS_OK);
    CHECK_EQ(fi(data[0]).ref_count, 2U);
    CHECK_EQ(pv_mm_write_l1_entry(d, l1, 9, 0), STATUS_OK);
}

UNIT_TEST(pin_and_unpin_through_mmuext_op)
{
    setup();
    mfn_t t1 = frame(d), t2 = frame(d), page = frame(d);

    ent(t1)[0] = (page << 12) | P | RW;
    ent(t2)[0] = (t1 << 12) | P;
    put_op(GVA, MMUEXT_PIN_L2_TABLE, t2, 0);
    put_op(GVA + 24, MMUEXT_PIN_L1_TABLE, t1, 0);
    set_done(0);
    struct hypercall_frame f;
    CHECK_EQ(call(__HYPERVISOR_mmuext_op, GVA, 2, DONE_VA, DOMID_SELF, &f), 0);
    CHECK_EQ(done_word(), 2U);
    CHECK(fi(t2).pinned && fi(t1).pinned);
    CHECK_EQ(fi(t2).type_count, 1U);
    CHECK_EQ(fi(t1).type_count, 2U);            /* the pin and t2's entry */
    CHECK_EQ(fi(page).type_count, 1U);
    CHECK_EQ(ext1(MMUEXT_PIN_L1_TABLE, t1, 0), STATUS_EINVAL);   /* pinned already */
    CHECK_EQ(ext1(MMUEXT_PIN_L3_TABLE, t1, 0), STATUS_EINVAL);   /* wrong level */
    CHECK_EQ(ext1(MMUEXT_PIN_L4_TABLE, page, 0), STATUS_EINVAL); /* writable */
    CHECK_EQ(ext1(MMUEXT_PIN_L1_TABLE, frame(other), 0), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, t2, 0), 0);
    CHECK(clean(t2));
    CHECK_EQ(fi(t1).type_count, 1U);
    CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, t2, 0), STATUS_EINVAL);    /* not pinned */
    CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, t1, 0), 0);
    CHECK(clean(t1) && clean(page));
}

/* A fresh L4 of d: the guest's memory (l3, so hypercall arguments stay
 * readable once it is the base) and one empty L3 of its own. */
static mfn_t new_l4(void)
{
    mfn_t t4 = frame(d), t3 = frame(d);

    ent(t4)[0] = (l3 << 12) | P | RW | US;
    ent(t4)[1] = (t3 << 12) | P | RW;
    return t4;
}

UNIT_TEST(new_baseptr_moves_the_kernel_base_reference)
{
    setup();
    mfn_t n = new_l4(), bad = new_l4(), page = frame(d);
    mfn_t n3 = ent(n)[1] >> 12;

    CHECK_EQ(fi(l4).type_count, 1U);
    CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, n, 0), 0);
    CHECK_EQ(v->pv_kernel_l4, n);
    CHECK_EQ(v->pv_l4, n);
    CHECK_EQ(seen.base, 1);
    CHECK_EQ(fi(n).type_count, 1U);
    CHECK_EQ(fi(l4).type_count, 0U);            /* old base released */
    CHECK(!fi(l4).validated);
    CHECK_EQ(fi(l3).type_count, 1U);            /* now held through n only */
    CHECK(fi(l3).validated);
    /* An L4 that cannot validate (an entry to another domain's frame). */
    ent(bad)[5] = (frame(other) << 12) | P;
    CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, bad, 0), STATUS_EINVAL);
    CHECK(clean(bad));
    CHECK_EQ(fi(l3).type_count, 1U);
    /* A frame the guest maps writable is no L4. */
    CHECK_EQ(frame_get_type(page, d->id, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, page, 0), STATUS_EINVAL);
    CHECK_EQ(frame_put_type(page, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, 100000, 0), STATUS_EINVAL);
    CHECK_EQ(v->pv_kernel_l4, n);
    CHECK_EQ(seen.base, 1);
    /* And back: n and its own L3 go clean. */
    CHECK_EQ(ext1(MMUEXT_NEW_BASEPTR, l4, 0), 0);
    CHECK_EQ(seen.base, 2);
    CHECK(clean(n) && clean(n3) && clean(page));
    CHECK_EQ(fi(l3).type_count, 1U);
}

UNIT_TEST(new_user_baseptr_holds_its_own_reference)
{
    setup();
    mfn_t u = new_l4(), bad = new_l4();

    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, u, 0), 0);
    CHECK_EQ(v->pv_user_l4, u);
    CHECK_EQ(v->pv_l4, l4);                     /* kernel mode: not loaded */
    CHECK_EQ(seen.base, 0);
    CHECK_EQ(fi(u).type_count, 1U);
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, u, 0), 0);    /* same: no change */
    CHECK_EQ(fi(u).type_count, 1U);
    ent(bad)[7] = (bad << 12) | P;              /* linear L4: refused */
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, bad, 0), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, INVALID_MFN, 0), STATUS_EINVAL);
    CHECK_EQ(v->pv_user_l4, u);
    /* The kernel's L4 may serve as the user's too: two references. */
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, l4, 0), 0);
    CHECK_EQ(fi(l4).type_count, 2U);
    CHECK(clean(u));
    /* In user mode (where the guest cannot make the hypercall, but the
     * exec side may) the new base is loaded, and cannot be dropped. */
    v->pv_user_mode = true;
    v->pv_l4 = l4;
    CHECK_EQ(pv_mm_set_user_base(v, u), STATUS_OK);
    CHECK_EQ(v->pv_l4, u);
    CHECK_EQ(seen.base, 1);
    CHECK_EQ(pv_mm_set_user_base(v, INVALID_MFN), STATUS_EINVAL);
    CHECK_EQ(v->pv_user_l4, u);
    v->pv_user_mode = false;
    v->pv_l4 = l4;
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
    CHECK_EQ(v->pv_user_l4, INVALID_MFN);
    CHECK(clean(u));
    /* Teardown drops the user base like the kernel's. */
    CHECK_EQ(ext1(MMUEXT_NEW_USER_BASEPTR, u, 0), 0);
    pv_mm_teardown(d);
    CHECK(clean(u) && clean(l4) && clean(l1) && clean(data[0]));
}

UNIT_TEST(flush_commands_reach_the_hooks)
{
    setup();
    CHECK_EQ(ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
    CHECK_EQ(ext1(MMUEXT_TLB_FLUSH_MULTI, 0, GVA), 0);
    CHECK_EQ(ext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
    CHECK_EQ(seen.flush_local, 1);
    CHECK_EQ(seen.flush_all, 2);
    CHECK_EQ(ext1(MMUEXT_INVLPG_LOCAL, 0x1000, 0), 0);
    CHECK_EQ(seen.va, 0x1000ULL);
    CHECK_EQ(ext1(MMUEXT_INVLPG_MULTI, 0xffff880000000000ULL, GVA), 0);
    CHECK_EQ(ext1(MMUEXT_INVLPG_ALL, 0x2000, 0), 0);
    CHECK_EQ(seen.invlpg_local, 1);
    CHECK_EQ(seen.invlpg_all, 2);
    /* Strata's range and non-canonical addresses: accepted, nothing done. */
    CHECK_EQ(ext1(MMUEXT_INVLPG_ALL, HYPERVISOR_VIRT_START, 0), 0);
    CHECK_EQ(ext1(MMUEXT_INVLPG_LOCAL, 0x0000800000000000ULL, 0), 0);
    CHECK_EQ(seen.invlpg_local + seen.invlpg_all, 3);
    /* Without hooks nothing breaks. */
    pv_mm_set_hooks(NULL);
    CHECK_EQ(ext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
    CHECK_EQ(ext1(MMUEXT_INVLPG_ALL, 0x2000, 0), 0);
    struct hypercall_frame f;
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, GVA, (data[0] << 12) | P | RW | US,
                  UVMF_INVLPG, 0, &f), 0);
    CHECK_EQ(call(__HYPERVISOR_update_va_mapping, GVA, (data[0] << 12) | P | RW | US,
                  UVMF_TLB_FLUSH, 0, &f), 0);
}

UNIT_TEST(unsupported_and_unknown_commands)
{
    setup();
    CHECK_EQ(ext1(MMUEXT_FLUSH_CACHE, 0, 0), STATUS_EACCES);
    CHECK_EQ(ext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_MARK_SUPER, 0, 0), STATUS_EOPNOTSUPP);
    CHECK_EQ(ext1(MMUEXT_UNMARK_SUPER, 0, 0), STATUS_EOPNOTSUPP);
    CHECK_EQ(ext1(14, 0, 0), STATUS_ENOSYS);
    CHECK_EQ(ext1(0xffffffffU, 0, 0), STATUS_ENOSYS);
}

UNIT_TEST(set_ldt_is_recorded_and_checked)
{
    setup();
    struct pv_vcpu *pv = &guest_vcpu_of(v)->pv;

    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x7000, 16), 0);
    CHECK_EQ(pv->ldt_base, 0x7000ULL);
    CHECK_EQ(pv->ldt_ents, 16U);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x7001, 16), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x7000, 8193), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, HYPERVISOR_VIRT_START, 1), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x0000800000000000ULL, 1), STATUS_EINVAL);
    CHECK_EQ(pv->ldt_base, 0x7000ULL);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x7001, 0), 0);          /* no entries: no LDT */
    CHECK_EQ(pv->ldt_base, 0ULL);
    CHECK_EQ(pv->ldt_ents, 0U);
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0xffff880000000000ULL, 8192), 0);
    guest_vcpu_destroy(v);                      /* no PV state: refused */
    CHECK_EQ(ext1(MMUEXT_SET_LDT, 0x7000, 1), STATUS_EINVAL);
}

UNIT_TEST(clear_and_copy_page_need_a_writable_destination)
{
    setup();
    mfn_t a = frame(d), b = frame(d), t = pinned_l1(), foreign = frame(other);

    mm_test_frame_fill(a, 0xab);
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, b, a), 0);
    CHECK(memcmp(ent(a), ent(b), 4096) == 0);
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, b, b), 0);
    CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, a, 0), 0);
    CHECK(mm_test_frame_zero(a));
    CHECK(clean(a) && clean(b));
    CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, t, 0), STATUS_EINVAL);       /* a table */
    CHECK_EQ(ext1(MMUEXT_CLEAR_PAGE, foreign, 0), STATUS_EINVAL);
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, t, b), STATUS_EINVAL);        /* into a table */
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, b, foreign), STATUS_EINVAL);  /* from another's */
    CHECK_EQ(ext1(MMUEXT_COPY_PAGE, a, t), 0);                    /* from a table: ok */
    CHECK(mm_test_frame_zero(a));
    CHECK(clean(a) && clean(b) && clean(foreign));
    CHECK_EQ(fi(t).type_count, 1U);
}

UNIT_TEST(mmuext_batches_continue_too)
{
    setup();
    enum { N = 300 };
    int issues;

    for (unsigned int i = 0; i < N; i++)
        put_op(GVA + 24ULL * i, MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    set_done(0);
    CHECK_EQ(call_all(__HYPERVISOR_mmuext_op, GVA, N, DONE_VA, DOMID_SELF, &issues), 0);
    CHECK_EQ(issues, 3);
    CHECK_EQ(done_word(), (uint32_t)N);
    CHECK_EQ(seen.flush_local, N);
    /* A failing op in the middle stops the batch there. */
    put_op(GVA + 24 * 5, MMUEXT_FLUSH_CACHE, 0, 0);
    set_done(0);
    CHECK_EQ(call_all(__HYPERVISOR_mmuext_op, GVA, 10, DONE_VA, DOMID_SELF, &issues),
             STATUS_EACCES);
    CHECK_EQ(done_word(), 5U);
    CHECK_EQ(seen.flush_local, N + 5);
    /* A preempted count whose pdone cannot be read restarts from 0. */
    set_done(0);
    CHECK_EQ(call_all(__HYPERVISOR_mmuext_op, GVA, 2 | PREEMPTED, HYPERVISOR_VIRT_START,
                      DOMID_SELF, &issues), 0);
    CHECK_EQ(call_all(__HYPERVISOR_mmuext_op, GVA, 2 | PREEMPTED, DONE_VA,
                      DOMID_SELF, &issues), 0);
    CHECK_EQ(done_word(), 2U);
}

UNIT_TEST(reserved_l4_slots_are_filled_by_strata_on_validation)
{
    setup();
    mfn_t n = frame(d);

    ent(n)[PV_XEN_L4_FIRST] = 0xFFFFFFFFFFFFFFFFULL;      /* guest garbage */
    ent(n)[PV_XEN_L4_LAST] = (n << 12) | P | RW;
    ent(n)[300] = 0x1234000ULL;                         /* not present: kept */
    CHECK_EQ(ext1(MMUEXT_PIN_L4_TABLE, n, 0), 0);
    for (unsigned int s = PV_XEN_L4_FIRST; s <= PV_XEN_L4_LAST; s++)
        CHECK_EQ(ent(n)[s], HOST_PV_XEN_SLOT_MARKER | ((uint64_t)s << 12));
    CHECK_EQ(ent(n)[300], 0x1234000ULL);
    CHECK_EQ(ext1(MMUEXT_UNPIN_TABLE, n, 0), 0);
    CHECK(clean(n));
    /* The base the vCPU runs on got them as well. */
    CHECK_EQ(ent(l4)[256], HOST_PV_XEN_SLOT_MARKER | (256ULL << 12));
}
