/* SPDX-License-Identifier: MIT */
/* test_guest_copy.c - HVM and PV guest copies: every page checked, partial counts. */
#include "unit.h"
#include "mm_test.h"
#include "mm/guest_copy.h"

#include <string.h>

#define PTE_P   1ULL
#define PTE_RW  2ULL
#define PTE_US  4ULL
#define PTE_PSE 0x80ULL

static struct mm_domain d, other;
static unsigned char buf[3 * 4096], back[3 * 4096];

static mfn_t page_of(struct mm_domain *dom)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&dom->account, 0, &mfn), STATUS_OK);
    return mfn;
}

static void two_domains(void)
{
    mm_test_machine(512, 1);
    CHECK_EQ(mm_domain_init(&d, 1, 512, 1024), STATUS_OK);
    CHECK_EQ(mm_domain_init(&other, 2, 512, 1024), STATUS_OK);
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 7 + 1);
}

/* --- HVM ----------------------------------------------------------------- */

UNIT_TEST(hvm_copy_across_pages_round_trips)
{
    struct guest_mem g = { &d, GUEST_MEM_PHYS, INVALID_MFN };
    size_t done = 0;

    two_domains();
    for (gfn_t gfn = 10; gfn < 13; gfn++)
        CHECK_EQ(p2m_set(&d, gfn, page_of(&d), P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(copy_to_guest(&g, 10 * 4096 + 100, buf, 8000, &done), STATUS_OK);
    CHECK_EQ(done, 8000);
    memset(back, 0, sizeof(back));
    CHECK_EQ(copy_from_guest(&g, back, 10 * 4096 + 100, 8000, &done), STATUS_OK);
    CHECK_EQ(memcmp(buf, back, 8000), 0);
    CHECK_EQ(clear_guest(&g, 10 * 4096 + 200, 10, NULL), STATUS_OK);
    CHECK_EQ(copy_from_guest(&g, back, 10 * 4096 + 100, 200, NULL), STATUS_OK);
    CHECK_EQ(back[99], buf[99]);
    CHECK_EQ(back[100], 0);
    CHECK_EQ(back[109], 0);
    CHECK_EQ(back[110], buf[110]);
    CHECK_EQ(copy_to_guest(&g, 0, buf, 0, &done), STATUS_OK);   /* empty */
    CHECK_EQ(done, 0);
    p2m_destroy(&d);
}

UNIT_TEST(hvm_partial_copy_reports_bytes_done)
{
    struct guest_mem g = { &d, GUEST_MEM_PHYS, INVALID_MFN };
    size_t done = 0;

    two_domains();
    CHECK_EQ(p2m_set(&d, 20, page_of(&d), P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_set(&d, 21, page_of(&d), P2M_RAM_RO), STATUS_OK);
    /* write runs into the read-only page */
    CHECK_EQ(copy_to_guest(&g, 20 * 4096 + 4000, buf, 200, &done), STATUS_EFAULT);
    CHECK_EQ(done, 96);
    /* read across is fine */
    CHECK_EQ(copy_from_guest(&g, back, 20 * 4096 + 4000, 200, &done), STATUS_OK);
    /* read runs into a hole */
    CHECK_EQ(copy_from_guest(&g, back, 21 * 4096 + 10, 5000, &done), STATUS_EFAULT);
    CHECK_EQ(done, 4086);
    p2m_destroy(&d);
}

UNIT_TEST(hvm_hostile_addresses_fault)
{
    struct guest_mem g = { &d, GUEST_MEM_PHYS, INVALID_MFN };
    mfn_t foreign;
    size_t done = 1;

    two_domains();
    foreign = page_of(&other);
    CHECK_EQ(p2m_set(&d, 1, 0xFEE00, P2M_MMIO), STATUS_OK);
    CHECK_EQ(p2m_set(&d, 2, foreign, P2M_GRANT_RO), STATUS_OK);
    CHECK_EQ(copy_from_guest(&g, back, 1 * 4096, 8, &done), STATUS_EFAULT);  /* MMIO */
    CHECK_EQ(done, 0);
    CHECK_EQ(copy_from_guest(&g, back, 1024ULL * 4096, 8, &done), STATUS_EFAULT); /* limit */
    CHECK_EQ(copy_from_guest(&g, back, ~0ULL - 3, 8, &done), STATUS_EFAULT);   /* wraps */
    CHECK_EQ(copy_from_guest(&g, back, 2 * 4096, 8, &done), STATUS_OK);       /* grant */
    CHECK_EQ(copy_to_guest(&g, 2 * 4096, buf, 8, &done), STATUS_EFAULT);      /* RO grant */
    CHECK_EQ(clear_guest(&g, 3 * 4096, 8, &done), STATUS_EFAULT);             /* hole */
    CHECK_EQ(p2m_set(&d, 2, foreign, P2M_GRANT_RW), STATUS_OK);
    CHECK_EQ(copy_to_guest(&g, 2 * 4096, buf, 8, &done), STATUS_OK);
    p2m_destroy(&d);
}

/* --- PV ------------------------------------------------------------------ */

/* A PV address space: L4 -> L3 -> L2 -> L1 -> data frames at va 4 MiB. */
struct pv_space {
    mfn_t l4, l3, l2, l1, data[2];
};

static uint64_t *table(mfn_t mfn)
{
    return arch_frame_to_virt(mfn);
}

static void pv_build(struct pv_space *s)
{
    const uint64_t va = 0x400000;

    s->l4 = page_of(&d);
    s->l3 = page_of(&d);
    s->l2 = page_of(&d);
    s->l1 = page_of(&d);
    s->data[0] = page_of(&d);
    s->data[1] = page_of(&d);
    table(s->l4)[0] = (s->l3 << 12) | PTE_P | PTE_RW | PTE_US;
    table(s->l3)[0] = (s->l2 << 12) | PTE_P | PTE_RW | PTE_US;
    table(s->l2)[(va >> 21) & 511] = (s->l1 << 12) | PTE_P | PTE_RW | PTE_US;
    table(s->l1)[0] = (s->data[0] << 12) | PTE_P | PTE_RW | PTE_US;
    table(s->l1)[1] = (s->data[1] << 12) | PTE_P | PTE_US;           /* read-only */
    CHECK_EQ(frame_get_type(s->l1, 1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(frame_get_type(s->l2, 1, FRAME_TYPE_L2), STATUS_OK);
    CHECK_EQ(frame_get_type(s->l3, 1, FRAME_TYPE_L3), STATUS_OK);
    CHECK_EQ(frame_pin(s->l4, 1, FRAME_TYPE_L4), STATUS_OK);
}

UNIT_TEST(pv_copy_through_guest_page_tables)
{
    struct pv_space s;
    struct guest_mem g = { &d, GUEST_MEM_PV, 0 };
    size_t done = 0;

    two_domains();
    pv_build(&s);
    g.pv_l4 = s.l4;
    CHECK_EQ(copy_to_guest(&g, 0x400010, buf, 100, &done), STATUS_OK);
    CHECK_EQ(memcmp((unsigned char *)table(s.data[0]) + 16, buf, 100), 0);
    CHECK_EQ(copy_from_guest(&g, back, 0x400010, 100, &done), STATUS_OK);
    CHECK_EQ(memcmp(back, buf, 100), 0);
    /* the second page is mapped read-only: the write stops there */
    CHECK_EQ(copy_to_guest(&g, 0x400F00, buf, 0x200, &done), STATUS_EFAULT);
    CHECK_EQ(done, 0x100);
    CHECK_EQ(copy_from_guest(&g, back, 0x400F00, 0x200, &done), STATUS_OK);
    /* nothing is mapped at 4 MiB + 8 KiB */
    CHECK_EQ(copy_from_guest(&g, back, 0x401F00, 0x200, &done), STATUS_EFAULT);
    CHECK_EQ(done, 0x100);
    /* the copies left no references behind */
    CHECK_EQ(frame_table[s.data[0]].ref_count, 1);
    CHECK_EQ(frame_table[s.data[0]].type_count, 0);
}

UNIT_TEST(pv_hostile_addresses_fault)
{
    struct pv_space s;
    struct guest_mem g = { &d, GUEST_MEM_PV, 0 };
    size_t done = 0;
    mfn_t foreign;

    two_domains();
    pv_build(&s);
    g.pv_l4 = s.l4;
    foreign = page_of(&other);
    /* non-canonical, and the hypervisor's slots 256-271 */
    CHECK_EQ(copy_from_guest(&g, back, 0x0000800000000000ULL, 8, &done), STATUS_EFAULT);
    CHECK_EQ(copy_from_guest(&g, back, 0xFFFF800000000000ULL, 8, &done), STATUS_EFAULT);
    CHECK_EQ(copy_from_guest(&g, back, 0xFFFF87FFFFFFF000ULL, 8, &done), STATUS_EFAULT);
    table(s.l4)[256] = table(s.l4)[0];          /* even if the guest tries */
    CHECK_EQ(copy_from_guest(&g, back, 0xFFFF800000400000ULL, 8, &done), STATUS_EFAULT);
    /* a PTE naming another domain's frame */
    table(s.l1)[2] = (foreign << 12) | PTE_P | PTE_RW;
    CHECK_EQ(copy_from_guest(&g, back, 0x402000, 8, &done), STATUS_EFAULT);
    /* a superpage */
    table(s.l2)[3] = (s.data[0] << 12) | PTE_P | PTE_RW | PTE_PSE;
    CHECK_EQ(copy_from_guest(&g, back, 0x600000, 8, &done), STATUS_EFAULT);
    /* an L4 that is not a validated L4 */
    g.pv_l4 = s.data[0];
    CHECK_EQ(copy_from_guest(&g, back, 0x400000, 8, &done), STATUS_EFAULT);
    g.pv_l4 = s.l4;
    /* a read-only upper level forbids writes below it */
    table(s.l3)[0] &= ~PTE_RW;
    CHECK_EQ(copy_to_guest(&g, 0x400000, buf, 8, &done), STATUS_EFAULT);
    CHECK_EQ(copy_from_guest(&g, back, 0x400000, 8, &done), STATUS_OK);
}

/* XSA-182 class: a writable mapping of a page-table frame (recursive/linear) used to write it. */
UNIT_TEST(xsa182_no_write_through_writable_page_table_mapping)
{
    struct pv_space s;
    struct guest_mem g = { &d, GUEST_MEM_PV, 0 };
    size_t done = 0;
    uint64_t l1_before;

    two_domains();
    pv_build(&s);
    g.pv_l4 = s.l4;
    /* the guest points a writable PTE at its own L1 table */
    table(s.l1)[3] = (s.l1 << 12) | PTE_P | PTE_RW;
    l1_before = table(s.l1)[0];
    CHECK_EQ(copy_to_guest(&g, 0x403000, buf, 8, &done), STATUS_EFAULT);
    CHECK_EQ(done, 0);
    CHECK_EQ(table(s.l1)[0], l1_before);
    CHECK_EQ(frame_table[s.l1].type, FRAME_TYPE_L1);
    /* and via the L4 itself (recursive slot) */
    table(s.l1)[4] = (s.l4 << 12) | PTE_P | PTE_RW;
    CHECK_EQ(clear_guest(&g, 0x404000, 8, &done), STATUS_EFAULT);
    /* reading through such a mapping is allowed (Xen allows read-only linear maps) */
    CHECK_EQ(copy_from_guest(&g, back, 0x403000, 8, &done), STATUS_OK);
}

/* XSA-167 class: an unchecked frame number from a guest PTE used as a table index. */
UNIT_TEST(xsa167_pte_frame_beyond_table_faults)
{
    struct pv_space s;
    struct guest_mem g = { &d, GUEST_MEM_PV, 0 };
    size_t done = 0;

    two_domains();
    pv_build(&s);
    g.pv_l4 = s.l4;
    table(s.l1)[5] = (0xFFFFFFFFFULL << 12) | PTE_P | PTE_RW;
    CHECK_EQ(copy_from_guest(&g, back, 0x405000, 8, &done), STATUS_EFAULT);
    table(s.l2)[4] = (0x123456789ULL << 12) | PTE_P | PTE_RW;
    CHECK_EQ(copy_from_guest(&g, back, 0x800000, 8, &done), STATUS_EFAULT);
    g.pv_l4 = 1ULL << 40;
    CHECK_EQ(copy_from_guest(&g, back, 0x400000, 8, &done), STATUS_EFAULT);
}
