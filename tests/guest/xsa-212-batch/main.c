/* SPDX-License-Identifier: MIT */
/* xsa-212-batch: XSA-212 class - batches running off mapped memory part-way. */
#include "guest.h"

const char test_title[] = "xsa-212-batch: lists running off mapped memory part-way (XSA-212 class)";

#define BEFORE 3U                      /* entries before the hole */
#define COUNT  64U                     /* what the guest claims */

/* Page 0 holds the lists' heads at its end; page 1 is unmapped. */
static uint8_t window[2][PAGE_SIZE] PAGE_ALIGNED;
static uint8_t spare[BEFORE][PAGE_SIZE] PAGE_ALIGNED;    /* given back */

static void *tail(size_t bytes)
{
    return &window[0][PAGE_SIZE - bytes];
}

static uint64_t hole(void)
{
    return (uint64_t)(uintptr_t)window[1];
}

/* MMU_MACHPHYS_UPDATE of our own frames to their own pfn: harmless. */
static void mmu_update_batch(void)
{
    struct mmu_update *u = tail(BEFORE * sizeof(*u));
    unsigned int done = 0xdead;
    long rc;

    for (unsigned int i = 0; i < BEFORE; i++) {
        uint64_t pfn = virt_to_pfn(spare[i]);

        u[i] = (struct mmu_update){ .ptr = (pfn_to_mfn(pfn) << 12) | MMU_MACHPHYS_UPDATE,
                                    .val = pfn };
    }
    rc = hypercall_mmu_update(u, COUNT, &done, DOMID_SELF);
    check_eq(rc, -XEN_EFAULT, "mmu_update running into the hole");
    check_eq(done, BEFORE, "mmu_update: entries reported done");
    /* Xen ignores a done counter it cannot write: 0 or -EFAULT. */
    rc = hypercall_mmu_update(u, BEFORE, (unsigned int *)hole(), DOMID_SELF);
    check(rc == 0 || rc == -XEN_EFAULT, "mmu_update with its done counter in the hole: %ld", rc);
}

static void mmuext_batch(void)
{
    struct mmuext_op *op = tail(BEFORE * sizeof(*op));
    unsigned int done = 0xdead;
    long rc;

    for (unsigned int i = 0; i < BEFORE; i++)
        op[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    rc = hypercall_mmuext_op(op, COUNT, &done, DOMID_SELF);
    check_eq(rc, -XEN_EFAULT, "mmuext_op running into the hole");
    check_eq(done, BEFORE, "mmuext_op: entries reported done");
}

static void multicall_batch(void)
{
    struct multicall_entry *mc = tail(BEFORE * sizeof(*mc));
    long version = HC(__HYPERVISOR_xen_version, XENVER_version);

    for (unsigned int i = 0; i < BEFORE; i++)
        mc[i] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version,
                                          .args = { XENVER_version } };
    check_eq(hypercall_multicall(mc, COUNT), -XEN_EFAULT, "multicall running into the hole");
    for (unsigned int i = 0; i < BEFORE; i++)
        check_eq(mc[i].result, version, "multicall: an entry before the hole");
}

/* decrease_reservation of spare pages (unmapped first) whose extent
 * list runs into the hole: the ones before are given back, the count
 * says how many. */
static void memory_batch(void)
{
    xen_pfn_t *ext = tail(BEFORE * sizeof(*ext));
    struct xen_memory_reservation r = { .nr_extents = COUNT, .domid = DOMID_SELF };
    long rc;

    for (unsigned int i = 0; i < BEFORE; i++) {
        ext[i] = virt_to_mfn(spare[i]);
        require(hypercall_update_va_mapping((uint64_t)(uintptr_t)spare[i], 0, UVMF_INVLPG) == 0,
                "unmap spare page %u", i);
    }
    r.extent_start = (uint64_t)(uintptr_t)ext;
    rc = hypercall_memory_op(XENMEM_decrease_reservation, &r);
    if (rc == -XEN_EINVAL || rc == -XEN_ENOSYS) {
        printk("note: decrease_reservation not offered to PV guests (%ld)\n", rc);
        return;
    }
    check_eq(rc, BEFORE, "decrease_reservation running into the hole: extents done");
}

void test_main(void)
{
    require(hypercall_update_va_mapping(hole(), 0, UVMF_INVLPG) == 0, "unmap the hole");
    for (unsigned int round = 0; round < 50; round++) {
        mmu_update_batch();
        mmuext_batch();
        multicall_batch();
    }
    memory_batch();
    report_success();
}
