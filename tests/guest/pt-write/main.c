/* SPDX-License-Identifier: MIT */
/* pt-write: page-table writes that would break isolation are refused, beside a bystander. */
#include "guest.h"

const char test_title[] = "pt-write: page-table writes that would break isolation are refused";

#define STRATA_MFN     0x100ULL     /* 1 MiB: Strata's image, never ours */
#define HUGE_MFN       0xffffffffffULL
#define STRATA_L4_SLOT 262U         /* inside Strata's slots 256-271 */
#define PTE_RESERVED   (1ULL << 51)

static uint8_t slot_page[PAGE_SIZE] PAGE_ALIGNED;   /* unmapped: a free L1 slot */
static uint8_t data_page[PAGE_SIZE] PAGE_ALIGNED;
static uint8_t victim_page[PAGE_SIZE] PAGE_ALIGNED; /* made an L1 table below */

static uint64_t va_of(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/* Machine address of the level-`level` entry mapping va. */
static uint64_t entry_maddr(uint64_t va, unsigned int level)
{
    uint64_t pte, maddr;

    require(pte_lookup(va, level, &pte, &maddr), "no level-%u entry for %#lx", level, va);
    return maddr;
}

static uint64_t entry_value(uint64_t va, unsigned int level)
{
    uint64_t pte;

    require(pte_lookup(va, level, &pte, NULL), "no level-%u entry for %#lx", level, va);
    return pte;
}

static long mmu_one(uint64_t ptr, uint64_t val)
{
    struct mmu_update u = { .ptr = ptr | MMU_NORMAL_PT_UPDATE, .val = val };

    return hypercall_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static long mmuext_one(unsigned int cmd, uint64_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = mfn };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* The L1 table that maps our image (a frame of ours, typed L1). */
static uint64_t our_l1_mfn(void)
{
    return (entry_value(va_of(data_page), 2) & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

/* Through mmu_update: each bad entry is refused, the slot stays empty. */
static void through_mmu_update(uint64_t slot)
{
    uint64_t l4 = virt_to_mfn((void *)start_info->pt_base);
    uint64_t before = entry_value(0xffff830000000000UL, 4);

    check(mmu_one(slot, (our_l1_mfn() << 12) | PTE_P | PTE_RW) == -XEN_EINVAL,
          "mmu_update: writable mapping of our own L1 table");
    check(mmu_one(slot, (l4 << 12) | PTE_P | PTE_RW) == -XEN_EINVAL,
          "mmu_update: writable mapping of our L4");
    check(mmu_one(slot, (STRATA_MFN << 12) | PTE_P) == -XEN_EINVAL,
          "mmu_update: mapping of Strata's frame %#llx", STRATA_MFN);
    check(mmu_one(slot, (HUGE_MFN << 12) | PTE_P) == -XEN_EINVAL,
          "mmu_update: mapping of a frame beyond memory");
    check(mmu_one(slot, (virt_to_mfn(data_page) << 12) | PTE_P | PTE_RESERVED) == -XEN_EINVAL,
          "mmu_update: reserved bit set");
    check(mmu_one(entry_maddr(va_of(slot_page), 2), (virt_to_mfn(data_page) << 12) | PTE_P |
                  PTE_PS) == -XEN_EINVAL, "mmu_update: a 2 MiB page in our L2");
    /* Strata's L4 slots: refused or ignored, never the guest's value. */
    (void)mmu_one((l4 << 12) + STRATA_L4_SLOT * 8, (our_l1_mfn() << 12) | PTE_P | PTE_RW);
    check(entry_value(0xffff830000000000UL, 4) == before,
          "mmu_update changed Strata's L4 slot %u", STRATA_L4_SLOT);
    check(entry_value(va_of(slot_page), 1) == 0, "the free slot is no longer empty");
}

static void expect_pf(const struct probe *p, const char *what)
{
    (void)p;
    check(last_exception.vector == X86_PF, "%s: %s, want #PF", what,
          last_exception.vector == NO_EXCEPTION ? "no fault"
                                                : exception_name(last_exception.vector));
}

/* Direct writes (Strata emulates them through the PV MMU): a valid entry
 * is written, a bad one faults and leaves the entry alone. */
static void direct_writes(uint64_t slot)
{
    volatile uint64_t *entry = (volatile uint64_t *)((uint64_t)mfn_to_virt(our_l1_mfn()) +
                                                     (slot & (PAGE_SIZE - 1)));
    struct probe p;
    uint64_t bad[] = { (STRATA_MFN << 12) | PTE_P | PTE_RW,
                       (our_l1_mfn() << 12) | PTE_P | PTE_RW };

    require(mfn_to_virt(our_l1_mfn()) != NULL, "our L1 is not one of our frames");
    for (unsigned int i = 0; i < 2; i++) {
        exception_clear();
        PROBE(p, "movq %[v], (%[a])", [a] "r"(entry), [v] "r"(bad[i]));
        expect_pf(&p, i == 0 ? "direct write mapping Strata's frame"
                             : "direct write mapping our L1 writable");
        check(*entry == 0, "the bad direct write reached the entry: %#lx", *entry);
    }
    /* A good one: our data page, read-only, through the emulation. */
    data_page[5] = 0x77;
    *entry = (virt_to_mfn(data_page) << 12) | PTE_P | PTE_US | PTE_A;
    check((*entry & PTE_ADDR_MASK) >> 12 == virt_to_mfn(data_page), "the emulated write: %#lx",
          *entry);
    require(mmuext_one(MMUEXT_INVLPG_LOCAL, va_of(slot_page)) == 0, "invlpg");
    check(slot_page[5] == 0x77, "the emulated write did not map our data page");
    require(hypercall_update_va_mapping(va_of(slot_page), 0, UVMF_INVLPG) == 0, "unmap slot");
}

/* A page we mapped writable becomes an L1 table: the writable
 * translation must not survive in the TLB (no flush was asked for). */
static void stale_writable_mapping(void)
{
    volatile uint64_t *v = (volatile uint64_t *)victim_page;
    uint64_t mfn = virt_to_mfn(victim_page);
    uint64_t bad = (STRATA_MFN << 12) | PTE_P | PTE_RW;
    struct probe p;

    v[0] = 0;                                        /* a writable TLB entry */
    require(hypercall_update_va_mapping(va_of(victim_page), (mfn << 12) | PTE_P | PTE_US,
                                        UVMF_NONE) == 0,
            "map the victim read-only without a flush");
    require(mmuext_one(MMUEXT_PIN_L1_TABLE, mfn) == 0, "pin the victim as an L1 table");
    exception_clear();
    PROBE(p, "movq %[v], (%[a])", [a] "r"(v), [v] "r"(bad));
    check(v[0] == 0, "wrote %#lx into a pinned L1 through a stale writable TLB entry", v[0]);
    expect_pf(&p, "write to a page just pinned as an L1");
    require(mmuext_one(MMUEXT_UNPIN_TABLE, mfn) == 0, "unpin the victim");
    require(remap_page(va_of(victim_page), mfn, PTE_DEFAULT) == 0, "victim writable again");
}

void test_main(void)
{
    int id = cmdline_domid();
    uint64_t end, slot;
    unsigned int rounds = 0;

    if (id == 2)
        bystander_run(cmdline_uint("run_ms", 1500));
    require(id == 1, "domid=%d: want 1 (hostile) or 2 (bystander)", id);
    require(hypercall_update_va_mapping(va_of(slot_page), 0, UVMF_INVLPG) == 0,
            "unmap a page to get a free L1 slot");
    slot = entry_maddr(va_of(slot_page), 1);
    end = env_time_ns() + cmdline_uint("run_ms", 1500) * NS_PER_MS;
    do {
        through_mmu_update(slot);
        direct_writes(slot);
        stale_writable_mapping();
        rounds++;
        (void)sched_yield();
    } while (env_time_ns() < end);
    printk("hostile: every bad page-table write refused, %u rounds\n", rounds);
    report_success();
}
