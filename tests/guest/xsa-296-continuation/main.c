/* SPDX-License-Identifier: MIT */
/* xsa-296-continuation: XSA-296 class - bad arguments after a continuation. */
#include "guest.h"

const char test_title[] = "xsa-296-continuation: bad arguments after a continuation (XSA-296 class)";

#define N_UPDATES   3000U                       /* several continuations */
#define BAD_AT      2500U
#define PAGES       20U                         /* > 3000 of the largest entry */
#define HOLE_PAGE   10U                         /* entries from 2560 on */
#define PREEMPTED   0x80000000U                 /* Xen's continuation flag */
#define N_CALLS     600U
#define N_TRAPS     600U

static uint8_t area[PAGES][PAGE_SIZE] PAGE_ALIGNED;

static uint64_t va(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static void hole_at(unsigned int page, bool open)
{
    uint64_t v = va(area[page]);

    require(hypercall_update_va_mapping(v, open ? 0 : (virt_to_mfn(area[page]) << 12) |
                                        PTE_DEFAULT, UVMF_INVLPG) == 0, "hole %d", open);
}

static void hole(bool open)
{
    hole_at(HOLE_PAGE, open);
}

/* Harmless entries: each of our first 64 frames' M2P entry to its pfn. */
static struct mmu_update *machphys_list(void)
{
    struct mmu_update *u = (struct mmu_update *)area;

    for (unsigned int i = 0; i < N_UPDATES; i++)
        u[i] = (struct mmu_update){ .ptr = (pfn_to_mfn(i % 64) << 12) | MMU_MACHPHYS_UPDATE,
                                    .val = i % 64 };
    return u;
}

static void mmu_update_after_continuations(void)
{
    struct mmu_update *u = machphys_list();
    unsigned int done = 0;
    long rc;

    check_eq(hypercall_mmu_update(u, N_UPDATES, &done, DOMID_SELF), 0, "3000 good updates");
    check_eq(done, N_UPDATES, "done after 3000 good updates");
    u[BAD_AT].ptr = (0xffffffffffULL << 12) | MMU_MACHPHYS_UPDATE;   /* not our frame */
    done = 0;
    rc = hypercall_mmu_update(u, N_UPDATES, &done, DOMID_SELF);
    check(rc < 0, "a bad entry at %u accepted", BAD_AT);
    check_eq(done, BAD_AT, "done with a bad entry at 2500");
    u[BAD_AT] = u[0];
    hole(true);
    done = 0;
    check_eq(hypercall_mmu_update(u, N_UPDATES, &done, DOMID_SELF), -XEN_EFAULT,
             "updates running into a hole at entry 2560");
    check_eq(done, HOLE_PAGE * PAGE_SIZE / 16, "done before the hole");
    hole(false);
}

/* The guest forges the continuation form itself (Xen reads *pdone then). */
static void forged_continuation(void)
{
    struct mmu_update *u = machphys_list();
    unsigned int done = 1000000;
    long rc;

    rc = hypercall_mmu_update(u, PREEMPTED | 5U, &done, DOMID_SELF);
    check(rc == 0 || rc < 0, "forged continuation: %ld", rc);
    if (rc == 0)
        check_eq(done, 1000005U, "forged continuation: done counts on from *pdone");
    hole(true);
    rc = hypercall_mmu_update(u, PREEMPTED | 5U, (unsigned int *)area[HOLE_PAGE], DOMID_SELF);
    check(rc == -XEN_EFAULT || rc == 0, "forged continuation, pdone in a hole: %ld", rc);
    rc = hypercall_mmu_update(u, PREEMPTED | 0x7fffffffU, &done, DOMID_SELF);
    check(rc == -XEN_EFAULT, "forged continuation of 2^31 entries into the hole: %ld", rc);
    hole(false);
}

static void mmuext_after_continuations(void)
{
    struct mmuext_op *op = (struct mmuext_op *)area;
    unsigned int n = PAGES * PAGE_SIZE / sizeof(*op), done = 0;
    long rc;

    for (unsigned int i = 0; i < n; i++)
        op[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    op[BAD_AT].cmd = 99;
    rc = hypercall_mmuext_op(op, n, &done, DOMID_SELF);
    check(rc < 0, "mmuext_op 99 at %u accepted", BAD_AT);
    check_eq(done, BAD_AT, "mmuext_op done with a bad entry at 2500");
}

static void multicall_after_continuations(void)
{
    static struct multicall_entry mc[N_CALLS];
    long version = HC(__HYPERVISOR_xen_version, XENVER_version);

    for (unsigned int i = 0; i < N_CALLS; i++)
        mc[i] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version,
                                          .args = { XENVER_version } };
    mc[N_CALLS - 1].op = 1000;                       /* no such hypercall */
    check_eq(hypercall_multicall(mc, N_CALLS), 0, "600 calls, the last unknown");
    check_eq(mc[N_CALLS - 2].result, version, "entry 598");
    check_eq(mc[N_CALLS - 1].result, -XEN_ENOSYS, "entry 599 (hypercall 1000)");
}

static void trap_table_after_continuations(void)
{
    struct trap_info *t = (struct trap_info *)area;
    long rc;

    for (unsigned int i = 0; i < N_TRAPS; i++)
        t[i] = (struct trap_info){ .vector = (uint8_t)(i % 32), .flags = 0,
                                   .cs = FLAT_KERNEL_CS, .address = va(test_main) };
    hole_at(2, true);
    rc = hypercall_set_trap_table(t);
    check_eq(rc, -XEN_EFAULT, "600-entry trap table running into a hole at entry 512");
    hole_at(2, false);
    require(traps_install() == 0, "our trap table back");
}

void test_main(void)
{
    mmu_update_after_continuations();
    forged_continuation();
    mmuext_after_continuations();
    multicall_after_continuations();
    trap_table_after_continuations();
    report_success();
}
