/* SPDX-License-Identifier: MIT */
/* tlb-global: a global (G) mapping of one domain is never used by another on the same CPU. */
#include "guest.h"

const char test_title[] = "tlb-global: global TLB entries do not cross domains";

#define PTE_G    0x100ULL
#define RUN_NS   (800 * NS_PER_MS)

/* The same virtual address in both domains (the same image). */
static uint8_t probe_page[PAGE_SIZE] PAGE_ALIGNED;

void test_main(void)
{
    int id = cmdline_domid();
    volatile uint8_t *p = probe_page;
    uint64_t end;
    unsigned int rounds = 0;
    uint64_t pte;
    long rc;

    require(id == 1 || id == 2, "domid=%d", id);
    memset(probe_page, id == 1 ? 0xaa : 0x55, PAGE_SIZE);
    if (id == 1) {
        rc = remap_page((uint64_t)(uintptr_t)probe_page, virt_to_mfn(probe_page),
                        PTE_DEFAULT | PTE_G);
        require(pte_lookup((uint64_t)(uintptr_t)probe_page, 1, &pte, NULL), "our entry");
        printk("global mapping of our page: %ld, entry %#lx\n", rc, pte);
    }
    end = env_time_ns() + RUN_NS;
    while (env_time_ns() < end) {
        uint8_t want = id == 1 ? 0xaa : 0x55;

        for (unsigned int i = 0; i < PAGE_SIZE; i += 512)
            check(p[i] == want, "round %u: our page reads %#x, want %#x: another domain's "
                  "global TLB entry", rounds, p[i], want);
        rounds++;
        (void)sched_yield();
    }
    printk("%u rounds\n", rounds);
    report_success();
}
