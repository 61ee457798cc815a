/* SPDX-License-Identifier: MIT */
/* test_guests.c - hand-built PV guests for the boot self-tests. */
#include "boot/test_guests.h"
#include "boot/selftest.h"
#include "arch/x86/exit_code.h"
#include "core/mm_port.h"
#include "core/sched/sched.h"
#include "core/sched/timer.h"
#include "guest/pv/pv_shared_info.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/page_alloc.h"

#define PTE_P       0x1ULL
#define PTE_RW      0x2ULL
#define PTE_US      0x4ULL
#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_US)
#define RFLAGS_IF   0x200ULL

NORETURN void test_guests_fail(const char *name, const char *why)
{
    selftest_report(name, false, why);
    arch_shutdown(EXIT_CODE_FAIL);
}

static mfn_t frame(struct domain *d)
{
    mfn_t mfn;

    if (page_alloc_domain_frames(&d->mm.account, 0, &mfn) != STATUS_OK)
        test_guests_fail("guest", "out of memory");
    mem_set(arch_frame_to_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}

static mfn_t table(struct domain *d, enum frame_type type)
{
    mfn_t mfn = frame(d);

    if (frame_get_type(mfn, d->id, type) != STATUS_OK)
        test_guests_fail("guest", "cannot type a page-table frame");
    return mfn;
}

static void set(mfn_t t, unsigned int slot, mfn_t target, uint64_t flags)
{
    ((uint64_t *)arch_frame_to_virt(t))[slot] = (target << PAGE_SHIFT) | flags;
}

/* Code page read-only at TEST_GUEST_VA, stack page writable above it. */
static mfn_t build_tables(struct domain *d, const void *code, size_t len)
{
    mfn_t l4 = table(d, FRAME_TYPE_L4), l3 = table(d, FRAME_TYPE_L3);
    mfn_t l2 = table(d, FRAME_TYPE_L2), l1 = table(d, FRAME_TYPE_L1);
    mfn_t text = frame(d), stack = frame(d);
    unsigned int slot = (TEST_GUEST_VA >> PAGE_SHIFT) & 511;

    if (len > PAGE_SIZE)
        test_guests_fail("guest", "code larger than a page");
    mem_copy(arch_frame_to_virt(text), code, len);
    arch_pv_init_l4(arch_frame_to_virt(l4));
    set(l4, 0, l3, TABLE_FLAGS);
    set(l3, 0, l2, TABLE_FLAGS);
    set(l2, (TEST_GUEST_VA >> 21) & 511, l1, TABLE_FLAGS);
    set(l1, slot, text, PTE_P | PTE_US);
    set(l1, slot + 1, stack, PTE_P | PTE_RW | PTE_US);
    return l4;
}

/* Each test domain's shared_info frame (kept for its whole life). */
static struct pv_shared_frame shared_frames[DOMAIN_TABLE_SIZE];

static struct domain *make_domain(domid_t id)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 32, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1,
    };
    struct domain *d;

    if (id >= DOMAIN_TABLE_SIZE || pv_shared_info_alloc(&shared_frames[id], id) != STATUS_OK)
        test_guests_fail("guest", "no frame for shared_info");
    cfg.shared_info = arch_frame_to_virt(shared_frames[id].mfn);
    if (domain_create(id, &cfg, &d) != STATUS_OK)
        test_guests_fail("guest", "domain_create");
    return d;
}

void test_guests_init(const char *policy, guests_end_fn on_end)
{
    mm_port_use_mm();
    sched_init();
    timer_subsystem_init();
    if (guests_init(policy, on_end) != STATUS_OK)
        test_guests_fail("guest", "guests_init");
}

struct domain *test_guest_start(domid_t id, const void *code, size_t len,
                                const struct guest_params *p)
{
    struct domain *d = make_domain(id);
    struct vcpu *v = &d->vcpus[0];
    struct cpu_regs regs;
    status_t rc;

    v->pv_l4 = v->pv_kernel_l4 = build_tables(d, code, len);
    mem_set(&regs, 0, sizeof(regs));
    regs.rip = TEST_GUEST_VA;
    regs.rsp = TEST_GUEST_VA + 2 * PAGE_SIZE;
    regs.cs = ARCH_GUEST_CS64;
    regs.ss = ARCH_GUEST_DS;
    regs.rflags = RFLAGS_IF;
    rc = guests_add_domain(d, p);
    if (rc == STATUS_OK)
        rc = guests_start_vcpu(v, &regs);
    if (rc != STATUS_OK)
        test_guests_fail("guest", status_name(rc));
    return d;
}
