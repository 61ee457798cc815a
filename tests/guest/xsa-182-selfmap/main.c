/* SPDX-License-Identifier: MIT */
/* xsa-182-selfmap: XSA-182 class - no writable self-mapping of a page table. */
#include "guest.h"

const char test_title[] = "xsa-182-selfmap: no writable self-mapping of a page table (XSA-182 class)";

#define FREE_L4_SLOT 300U        /* guest half, unused by the bootstrap tables */
#define SELF_VA(s)   (0xffff000000000000UL | ((uint64_t)(s) << 39))

static uint64_t l4_mfn(void)
{
    return virt_to_mfn((void *)start_info->pt_base);
}

static uint64_t slot_maddr(unsigned int slot)
{
    return (l4_mfn() << 12) + slot * 8U;
}

static long set_l4_slot(unsigned int slot, uint64_t val)
{
    struct mmu_update u = { .ptr = slot_maddr(slot) | MMU_NORMAL_PT_UPDATE, .val = val };

    return hypercall_mmu_update(&u, 1, NULL, DOMID_SELF);
}

static uint64_t l4_entry(unsigned int slot)
{
    return ((const uint64_t *)start_info->pt_base)[slot];
}

/* The level-`level` table (2 or 3) that maps our image: an empty slot of
 * it pointed at the table itself, writable, is refused as well. */
static void lower_level_selfmap(unsigned int level)
{
    uint64_t upper, mfn, maddr;
    const uint64_t *table;
    struct mmu_update u;
    unsigned int slot = 0;

    require(pte_lookup(VIRT_BASE, level + 1, &upper, &maddr), "level-%u entry", level + 1);
    mfn = (upper & PTE_ADDR_MASK) >> 12;
    table = mfn_to_virt(mfn);
    require(table != NULL, "our level-%u table is not one of our frames", level);
    while (slot < 512 && table[slot] != 0)
        slot++;
    require(slot < 512, "no empty slot in our level-%u table", level);
    u = (struct mmu_update){ .ptr = ((mfn << 12) + slot * 8U) | MMU_NORMAL_PT_UPDATE,
                             .val = (mfn << 12) | PTE_P | PTE_RW | PTE_US };
    check(hypercall_mmu_update(&u, 1, NULL, DOMID_SELF) < 0,
          "writable self-map of our level-%u table accepted", level);
    check(table[slot] == 0, "a refused level-%u self-map left %#lx", level, table[slot]);
}

void test_main(void)
{
    uint64_t self = l4_mfn() << 12;
    long rc;

    require(l4_entry(FREE_L4_SLOT) == 0, "L4 slot %u is in use", FREE_L4_SLOT);
    rc = set_l4_slot(FREE_L4_SLOT, self | PTE_P | PTE_RW | PTE_US);
    check(rc < 0, "writable L4 self-map accepted");
    check(l4_entry(FREE_L4_SLOT) == 0, "a refused self-map left %#lx", l4_entry(FREE_L4_SLOT));
    rc = set_l4_slot(FREE_L4_SLOT, self | PTE_P | PTE_US);
    if (rc == 0) {
        /* Xen allows read-only linear mappings: then reading works ... */
        volatile const uint64_t *l4_via_self =
            (const uint64_t *)(SELF_VA(FREE_L4_SLOT) | ((uint64_t)FREE_L4_SLOT << 30) |
                               ((uint64_t)FREE_L4_SLOT << 21) | ((uint64_t)FREE_L4_SLOT << 12));
        struct probe p;

        check(l4_via_self[FREE_L4_SLOT] == l4_entry(FREE_L4_SLOT),
              "the read-only self-map shows another L4");
        /* ... a write through it is not a plain write ... */
        exception_clear();
        PROBE(p, "movq %[v], (%[a])", [a] "r"(&l4_via_self[FREE_L4_SLOT + 1]),
              [v] "r"(self | PTE_P | PTE_RW | PTE_US));
        check(l4_entry(FREE_L4_SLOT + 1) == 0, "a write through the self-map made a "
              "writable self-map: %#lx", l4_entry(FREE_L4_SLOT + 1));
        /* ... and the flags-only update that XSA-182 let through is refused. */
        rc = set_l4_slot(FREE_L4_SLOT, self | PTE_P | PTE_RW | PTE_US);
        check(rc < 0, "a read-only self-map made writable by a flags-only update");
        check(!(l4_entry(FREE_L4_SLOT) & PTE_RW), "the self-map became writable");
        check_eq(set_l4_slot(FREE_L4_SLOT, 0), 0, "remove the read-only self-map");
    } else {
        printk("note: read-only L4 self-map refused too (%ld)\n", rc);
    }
    check(l4_entry(FREE_L4_SLOT) == 0, "slot %u not empty at the end", FREE_L4_SLOT);
    lower_level_selfmap(3);
    lower_level_selfmap(2);
    report_success();
}
