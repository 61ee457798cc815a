/* SPDX-License-Identifier: MIT */
/* xsa-224-grant: XSA-224/234 class - grant unmap and reference-count misuse. */
#include "guest.h"

const char test_title[] = "xsa-224-grant: grant unmap and reference-count misuse (XSA-224/234 class)";

#define REF 40

static uint8_t granted[PAGE_SIZE] PAGE_ALIGNED;   /* we grant it to ourselves */
static uint8_t at_a[PAGE_SIZE] PAGE_ALIGNED;
static uint8_t at_b[PAGE_SIZE] PAGE_ALIGNED;

static uint64_t va(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static uint16_t in_use(void)
{
    return gnttab_entries[REF].flags & (GTF_reading | GTF_writing);
}

static void restore(uint8_t *p)
{
    require(remap_page(va(p), virt_to_mfn(p), PTE_DEFAULT) == 0, "remap our page at %p", p);
}

static long mmuext_one(unsigned int cmd, uint64_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = mfn };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* XSA-234: unmap must match the address, the handle and the frame. */
static void unmap_checks(domid_t self)
{
    grant_handle_t h, h2;

    check_eq(gnttab_map(self, REF, va(at_a), GNTMAP_host_map, &h), GNTST_okay, "map at A");
    check(in_use() == (GTF_reading | GTF_writing), "flags %#x while mapped", in_use());
    check(gnttab_unmap(va(at_b), h) < 0, "unmap of A's handle at address B");
    check(gnttab_unmap(va(at_a), (grant_handle_t)(h + 1)) < 0, "unmap with another handle");
    check_eq(gnttab_unmap(va(at_a), 0xffffffffU), GNTST_bad_handle, "unmap with handle ~0");
    check(in_use() != 0, "a refused unmap released the grant");
    granted[9] = 0x42;
    barrier();                 /* two names of one frame: the compiler cannot know */
    check(at_a[9] == 0x42, "the mapping at A broke after refused unmaps");
    /* A second mapping, then each unmapped by its own handle only. */
    check_eq(gnttab_map(self, REF, va(at_b), GNTMAP_host_map | GNTMAP_readonly, &h2), GNTST_okay,
             "second map at B");
    check_eq(gnttab_unmap(va(at_a), h), GNTST_okay, "unmap A");
    check(in_use() == GTF_reading, "flags %#x with only B (read-only) mapped", in_use());
    check(gnttab_unmap(va(at_a), h) < 0, "second unmap of A");
    check_eq(gnttab_unmap(va(at_b), h2), GNTST_okay, "unmap B");
    check(in_use() == 0, "flags %#x after both unmaps", in_use());
    restore(at_a);
    restore(at_b);
}

/* XSA-224: the guest replaces a grant mapping with its own page; the
 * unmap then fails and the grant stays in use (never a frame freed or
 * a count dropped twice), as on Xen. */
static void replaced_mapping(domid_t self)
{
    grant_handle_t h;

    check_eq(gnttab_map(self, REF, va(at_a), GNTMAP_host_map, &h), GNTST_okay, "map at A");
    check_eq(remap_page(va(at_a), virt_to_mfn(at_a), PTE_DEFAULT), 0,
             "replace the grant mapping with our own page");
    at_a[0] = 1;
    barrier();
    check(granted[0] != 1, "our own page at A still wrote the granted page");
    check(gnttab_unmap(va(at_a), h) < 0, "unmap of a mapping the guest replaced");
    check(in_use() != 0, "the grant lost its pin when the guest replaced the mapping");
    check(at_a[0] == 1, "the refused unmap touched our own mapping at A");
}

/* Grant-table frames are Strata's to write: never a page table. */
static void table_frames(void)
{
    uint64_t mfn = (uint64_t)-1, pte;

    require(pte_lookup(va(gnttab_entries), 1, &pte, NULL), "grant table mapping");
    mfn = (pte & PTE_ADDR_MASK) >> 12;
    for (unsigned int cmd = MMUEXT_PIN_L1_TABLE; cmd <= MMUEXT_PIN_L4_TABLE; cmd++)
        check(mmuext_one(cmd, mfn) < 0, "pinned a grant-table frame at level %u", cmd + 1);
}

void test_main(void)
{
    int id = cmdline_domid();
    domid_t self;
    long rc;

    require(id > 0, "no domid=");
    self = (domid_t)id;
    rc = gnttab_setup(1);
    require(rc == 0, "grant table setup: %ld", rc);
    gnttab_grant(REF, self, virt_to_mfn(granted), false);
    for (unsigned int round = 0; round < 20; round++)
        unmap_checks(self);
    replaced_mapping(self);
    table_frames();
    report_success();
}
