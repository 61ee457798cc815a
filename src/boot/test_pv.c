/* SPDX-License-Identifier: MIT */
/* test_pv.c - test=pv: run a hand-built PV guest through the real entry paths. */
#include "boot/selftest.h"
#include "arch/arch.h"
#include "arch/x86/exit_code.h"
#include "core/mm_port.h"
#include "core/sched/sched.h"
#include "core/sched/timer.h"
#include "guest/guests.h"
#include "lib/print.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/page_alloc.h"

/*
 * No domain builder and no PV MMU: the page tables are made here and
 * typed directly, which is enough to exercise what this test is about
 * (ring 3 entry and exit, syscall, swapgs, bounce frames, iret,
 * emulation, shutdown). The guest is test_pv_guest.S, run at GUEST_VA.
 */
#define GUEST_VA    0x400000ULL
#define PTE_P       0x1ULL
#define PTE_RW      0x2ULL
#define PTE_US      0x4ULL
#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_US)

extern const char pv_guest_blob[], pv_guest_blob_end[];

static NORETURN void fail(const char *why)
{
    selftest_report("pv", false, why);
    arch_shutdown(EXIT_CODE_FAIL);
}

static mfn_t frame(struct domain *d)
{
    mfn_t mfn;

    if (page_alloc_domain_frames(&d->mm.account, 0, &mfn) != STATUS_OK)
        fail("out of memory");
    mem_set(arch_frame_to_virt(mfn), 0, PAGE_SIZE);
    return mfn;
}

static mfn_t table(struct domain *d, enum frame_type type)
{
    mfn_t mfn = frame(d);

    if (frame_get_type(mfn, d->id, type) != STATUS_OK)
        fail("cannot type a page-table frame");
    return mfn;
}

static void set(mfn_t t, unsigned int slot, mfn_t target, uint64_t flags)
{
    ((uint64_t *)arch_frame_to_virt(t))[slot] = (target << PAGE_SHIFT) | flags;
}

/* Code page read-only at GUEST_VA, stack page writable above it. */
static mfn_t build_tables(struct domain *d)
{
    mfn_t l4 = table(d, FRAME_TYPE_L4), l3 = table(d, FRAME_TYPE_L3);
    mfn_t l2 = table(d, FRAME_TYPE_L2), l1 = table(d, FRAME_TYPE_L1);
    mfn_t code = frame(d), stack = frame(d);
    size_t len = (size_t)(pv_guest_blob_end - pv_guest_blob);

    if (len > PAGE_SIZE)
        fail("guest blob larger than a page");
    mem_copy(arch_frame_to_virt(code), pv_guest_blob, len);
    arch_pv_init_l4(arch_frame_to_virt(l4));
    set(l4, 0, l3, TABLE_FLAGS);
    set(l3, 0, l2, TABLE_FLAGS);
    set(l2, (GUEST_VA >> 21) & 511, l1, TABLE_FLAGS);
    set(l1, (GUEST_VA >> 12) & 511, code, PTE_P | PTE_US);
    set(l1, ((GUEST_VA >> 12) & 511) + 1, stack, PTE_P | PTE_RW | PTE_US);
    return l4;
}

static struct domain *make_domain(void)
{
    mfn_t shared;
    struct domain_config cfg = {
        .limits = { .max_pages = 32, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1,
    };
    struct domain *d;

    if (page_alloc_frames(0, &shared) != STATUS_OK)
        fail("no frame for shared_info");
    mem_set(arch_frame_to_virt(shared), 0, PAGE_SIZE);
    cfg.shared_info = arch_frame_to_virt(shared);
    if (domain_create(1, &cfg, &d) != STATUS_OK)
        fail("domain_create");
    return d;
}

static void on_end(bool all_poweroff)
{
    printk("test=pv: the guest ended (%s)\n", all_poweroff ? "poweroff" : "not poweroff");
    arch_shutdown(all_poweroff ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

NORETURN void test_pv(void)
{
    struct guest_params params = { .name = "pv-smoke", .console_mfn = INVALID_MFN };
    struct cpu_regs regs;
    struct domain *d;
    struct vcpu *v;

    mm_port_use_mm();
    sched_init();
    timer_subsystem_init();
    if (guests_init("credit", on_end) != STATUS_OK)
        fail("guests_init");
    d = make_domain();
    v = &d->vcpus[0];
    v->pv_l4 = v->pv_kernel_l4 = build_tables(d);
    mem_set(&regs, 0, sizeof(regs));
    regs.rip = GUEST_VA;
    regs.rsp = GUEST_VA + 2 * PAGE_SIZE;
    regs.cs = ARCH_GUEST_CS64;
    regs.ss = ARCH_GUEST_DS;
    regs.rflags = 0x202;
    if (guests_add_domain(d, &params) != STATUS_OK ||
        guests_start_vcpu(v, &regs) != STATUS_OK)
        fail("cannot start the vCPU");
    guests_run();
}
