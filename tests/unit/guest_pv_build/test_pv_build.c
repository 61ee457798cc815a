/* SPDX-License-Identifier: MIT */
/* test_pv_build.c - host tests of the PV domain builder and its ELF checks. */
#include "unit.h"
#include "elf_builder.h"
#include "../mm/mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain.h"
#include "core/evtchn.h"
#include "core/mm_port.h"
#include "guest/pv/hypercall_page.h"
#include "guest/pv/pv_build.h"
#include "guest/pv/pv_mm.h"
#include "mm/m2p.h"

#define MACHINE_FRAMES 4096
#define GUEST_PAGES    1100


static struct domain *dom;
static uint64_t free_before;
static struct elf_builder eb;
static char err[160];

static void setup(void)
{
    struct domain_config cfg = {
        .limits = { .max_pages = 4000, .max_vcpus = 1, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = 1,
    };
    mfn_t shared;

    mm_test_machine(MACHINE_FRAMES, 1);
    domain_table_reset();
    mm_port_use_mm();
    CHECK_EQ(page_alloc_frames(0, &shared), STATUS_OK);
    cfg.shared_info = arch_frame_to_virt(shared);
    CHECK_EQ(domain_create(1, &cfg, &dom), STATUS_OK);
    free_before = page_alloc_free_count();
    eb_default(&eb);
    memset(err, 0, sizeof(err));
}

static struct pv_build_request request(void)
{
    struct pv_build_request rq = { .image = eb.image, .image_len = eb.len,
                                   .cmdline = "console=hvc0", .nr_pages = GUEST_PAGES };
    return rq;
}

static status_t build_rq(const struct pv_build_request *rq, struct pv_build_result *res)
{
    status_t rc;

    memset(res, 0, sizeof(*res));
    rc = pv_build(dom, rq, res, err, sizeof(err));
    if (rc != STATUS_OK && getenv("PV_BUILD_VERBOSE") != NULL)
        fprintf(stderr, "pv_build: %s\n", err);
    return rc;
}

/* The build fails with rc, err containing msg, and d owns nothing. */
static void expect_refused(const struct pv_build_request *rq, status_t rc, const char *msg)
{
    struct pv_build_result res;

    CHECK_EQ(build_rq(rq, &res), rc);
    if (strstr(err, msg) == NULL) {
        fprintf(stderr, "err '%s' lacks '%s'\n", err, msg);
        CHECK(false);
    }
    CHECK_EQ(dom->mm.account.pages, 0);
    CHECK_EQ(page_alloc_free_count(), free_before);
}

static void refuse_image(const char *msg)
{
    struct pv_build_request rq = request();

    expect_refused(&rq, STATUS_ENOEXEC, msg);
}

/* Walk the page tables from l4 for va: the leaf entry, or 0. */
static uint64_t walk(mfn_t l4, uint64_t va)
{
    uint64_t e = l4 << 12 | 1;

    for (int level = 4; level >= 1; level--) {
        uint64_t *t = arch_frame_to_virt((e >> 12) & ((1ULL << 40) - 1));

        e = t[(va >> (12 + 9 * (level - 1))) & 511];
        if ((e & 1) == 0)
            return 0;
        if (level > 1)
            CHECK((e & 6) == 6);
    }
    return e;
}

static uint8_t *guest_ptr(mfn_t l4, uint64_t va)
{
    uint64_t e = walk(l4, va);

    CHECK(e != 0);
    return (uint8_t *)arch_frame_to_virt((e >> 12) & ((1ULL << 40) - 1)) + (va & 4095);
}

UNIT_TEST(valid_image_builds_layout_and_tables)
{
    static const uint8_t initrd[5000] = { 1, 2, 3 };
    struct pv_build_request rq;
    struct pv_build_result res;
    struct start_info *si;
    uint8_t stubs[4096];

    setup();
    rq = request();
    rq.ramdisk = initrd;
    rq.ramdisk_len = sizeof(initrd);
    CHECK_EQ(build_rq(&rq, &res), STATUS_OK);
    CHECK_EQ(dom->mm.account.pages, GUEST_PAGES);
    CHECK_EQ(res.entry, EB_ENTRY);
    CHECK_EQ(res.virt_base, EB_VIRT_BASE);
    CHECK_EQ(res.hypercall_page_va, EB_HCALL);
    CHECK_EQ(res.bootstrap_end % (4 << 20), 0);
    CHECK_EQ(res.bootstrap_end, EB_VIRT_BASE + (4 << 20));
    /* kernel bytes, bss zero, hypercall stubs */
    CHECK_EQ(memcmp(guest_ptr(res.l4_mfn, EB_VIRT_BASE), eb.image + 0x1000, 0x1000), 0);
    CHECK_EQ(memcmp(guest_ptr(res.l4_mfn, EB_VIRT_BASE + 0x1000), eb.image + 0x2000, 0x800), 0);
    CHECK_EQ(*guest_ptr(res.l4_mfn, EB_VIRT_BASE + 0x1900), 0);
    pv_hypercall_page_fill(stubs);
    CHECK_EQ(memcmp(guest_ptr(res.l4_mfn, EB_HCALL), stubs, 4096), 0);
    /* initrd at pfn 3, by virtual address */
    CHECK_EQ(memcmp(guest_ptr(res.l4_mfn, EB_VIRT_BASE + 0x3000), initrd, sizeof(initrd)), 0);
    /* start_info */
    CHECK_EQ(res.start_info_va, EB_VIRT_BASE + 8 * 4096);   /* 3 kernel, 2 initrd, 3 p2m */
    si = (struct start_info *)guest_ptr(res.l4_mfn, res.start_info_va);
    CHECK(strcmp(si->magic, "xen-3.0-x86_64") == 0);
    CHECK_EQ(si->nr_pages, GUEST_PAGES);
    CHECK_EQ(si->shared_info, arch_virt_to_frame(dom->shared_info) << 12);
    CHECK_EQ(si->flags, 0);
    CHECK(strcmp(si->cmd_line, "console=hvc0") == 0);
    CHECK_EQ(si->mod_start, EB_VIRT_BASE + 0x3000);
    CHECK_EQ(si->mod_len, sizeof(initrd));
    CHECK_EQ(si->mfn_list, EB_VIRT_BASE + 5 * 4096);
    CHECK_EQ(si->console.domU.mfn, res.console_mfn);
    CHECK_EQ(si->console.domU.evtchn, res.console_port);
    CHECK(res.console_port != 0);
    CHECK_EQ(walk(res.l4_mfn, res.start_info_va + 4096) >> 12, res.console_mfn);
    CHECK(si->store_mfn != 0);
    CHECK_EQ(si->pt_base, EB_VIRT_BASE + 11 * 4096);  /* + console, store */
    CHECK_EQ(si->nr_pt_frames, 5);                   /* L4, L3, L2, 2 x L1 */
    CHECK_EQ(res.stack_top, si->pt_base + 6 * 4096);
    CHECK_EQ(evtchn_raise_unbound(dom, res.console_port), STATUS_OK);
    /* the p2m list and the M2P agree for every pfn; frames are d's */
    for (uint64_t pfn = 0; pfn < GUEST_PAGES; pfn++) {
        uint64_t mfn = ((uint64_t *)guest_ptr(res.l4_mfn, si->mfn_list))[pfn];
        CHECK_EQ(frame_owner(mfn), 1);
        CHECK_EQ(m2p_get(mfn), pfn);
    }
    /* the mapping: every page writable except the page tables, L4 first */
    CHECK_EQ(walk(res.l4_mfn, si->pt_base) >> 12, res.l4_mfn);
    for (uint64_t va = EB_VIRT_BASE; va < res.bootstrap_end; va += 4096) {
        uint64_t e = walk(res.l4_mfn, va);
        bool table = va >= si->pt_base && va < si->pt_base + 5 * 4096;
        CHECK(e != 0);
        CHECK_EQ((e & 2) != 0, !table);
    }
    CHECK_EQ(walk(res.l4_mfn, res.bootstrap_end), 0);
    CHECK_EQ(walk(res.l4_mfn, EB_VIRT_BASE - 4096), 0);
    CHECK(*(uint64_t *)guest_ptr(res.l4_mfn, res.stack_top - 8) == 0);
}

UNIT_TEST(mod_start_pfn_truncated_cmdline_and_no_notes)
{
    static char longline[MAX_GUEST_CMDLINE + 100];
    static const uint8_t initrd[10] = { 9 };
    struct pv_build_request rq;
    struct pv_build_result res;
    struct start_info *si;

    setup();
    eb_note64(&eb, 16, 1);                      /* MOD_START_PFN */
    memset(longline, 'a', sizeof(longline) - 1);
    rq = request();
    rq.cmdline = longline;
    rq.ramdisk = initrd;
    rq.ramdisk_len = sizeof(initrd);
    CHECK_EQ(build_rq(&rq, &res), STATUS_OK);
    si = (struct start_info *)guest_ptr(res.l4_mfn, res.start_info_va);
    CHECK_EQ(si->flags, SIF_MOD_START_PFN);
    CHECK_EQ(si->mod_start, 3);
    CHECK_EQ(strlen(si->cmd_line), MAX_GUEST_CMDLINE - 1);   /* truncated, like Xen */

    /* no notes at all: e_entry, VIRT_BASE 0, no hypercall page */
    setup();
    eb_put16(eb.image + 56, 2);
    memmove(eb.image + EB_PHDR(0), eb.image + EB_PHDR(1), 2 * 56);
    for (int i = 0; i < 2; i++) {
        eb_put64(eb.image + EB_PHDR(i) + 16, 0x400000 + 0x1000 * i);
        eb_put64(eb.image + EB_PHDR(i) + 24, 0x400000 + 0x1000 * i);
    }
    eb_put64(eb.image + 24, 0x400020);
    rq = request();
    rq.cmdline = NULL;
    rq.nr_pages = 2100;   /* pfn 0 is VA 0: the kernel ends at pfn 1026 */
    CHECK_EQ(build_rq(&rq, &res), STATUS_OK);
    CHECK_EQ(res.entry, 0x400020);
    CHECK_EQ(res.virt_base, 0);
    CHECK_EQ(res.hypercall_page_va, 0);
    CHECK_EQ(memcmp(guest_ptr(res.l4_mfn, 0x400000), eb.image + 0x1000, 0x1000), 0);
    si = (struct start_info *)guest_ptr(res.l4_mfn, res.start_info_va);
    CHECK_EQ(si->cmd_line[0], '\0');
}

UNIT_TEST(header_malformations_refused)
{
    setup(); eb.image[1] = 'X'; refuse_image("ELF: bad magic");
    setup(); eb.len = 40; refuse_image("ELF: bad magic");
    setup(); eb.image[4] = 1; refuse_image("not a 64-bit image");
    setup(); eb.image[5] = 2; refuse_image("not little-endian");
    setup(); eb_put16(eb.image + 16, 3); refuse_image("not an executable");
    setup(); eb_put16(eb.image + 18, 3); refuse_image("wrong machine 3");
    setup(); eb_put64(eb.image + 32, 0x10000); refuse_image("program headers beyond");
    setup(); eb_put64(eb.image + 32, ~0ULL - 10); refuse_image("program headers beyond");
    setup(); eb_put16(eb.image + 56, 0xffff); eb_put16(eb.image + 54, 0xffff);
    refuse_image("program headers beyond");
    setup(); eb_put16(eb.image + 56, 0); refuse_image("no program headers");
    setup(); eb_put16(eb.image + 54, 32); refuse_image("program header size 32");
    setup(); eb_put32(eb.image + EB_PHDR(1), 6); eb_put32(eb.image + EB_PHDR(2), 6);
    refuse_image("no PT_LOAD");
}

UNIT_TEST(segment_malformations_refused)
{
    setup(); eb_put64(eb.image + EB_PHDR(2) + 32, 0x3000); refuse_image("segment 2 has filesz > memsz");
    setup(); eb_put64(eb.image + EB_PHDR(2) + 8, 0x2400); refuse_image("segment 2 extends past the image");
    setup(); eb_put64(eb.image + EB_PHDR(2) + 8, ~0ULL); refuse_image("segment 2 extends past the image");
    setup(); eb_put64(eb.image + EB_PHDR(2) + 24, 0x800); refuse_image("segment 2 overlaps");
    setup(); eb_put64(eb.image + EB_PHDR(2) + 24, ~0ULL - 0x100); refuse_image("segment 2 address wraps");
    setup(); eb_put64(eb.image + EB_PHDR(2) + 40, 0); eb_put64(eb.image + EB_PHDR(2) + 32, 0);
    refuse_image("address wraps or is empty");
    /* segment far up: the kernel would wrap past 2^64 from VIRT_BASE */
    setup(); eb_put64(eb.image + EB_PHDR(2) + 24, 0x7fffffff00000000ULL);
    refuse_image("kernel wraps");
}

UNIT_TEST(too_many_segments_refused)
{
    setup();
    eb_put16(eb.image + 56, 17);
    eb_put64(eb.image + 32, 0x2800);
    for (int i = 0; i < 17; i++) {
        uint8_t *p = eb.image + 0x2800 + 56 * i;
        memset(p, 0, 56);
        eb_put32(p, 1);
        eb_put64(p + 24, 0x1000ULL * i);
        eb_put64(p + 40, 0x1000);
    }
    eb.len = 0x2800 + 17 * 56;
    refuse_image("more than 16 PT_LOAD");
}

UNIT_TEST(note_malformations_refused)
{
    uint8_t *n = eb.image + EB_NOTES;

    setup(); eb_put32(n, 0x1000); refuse_image("note in segment 0 runs past its segment");
    setup(); eb_put32(n + 4, 0xfffffff0); refuse_image("runs past its segment");
    setup(); eb_put32(n, 0xffffffff); refuse_image("runs past its segment");
    setup(); eb_put64(eb.image + EB_PHDR(0) + 8, EB_NOTES + 2); refuse_image("not 4-byte aligned");
    setup(); eb_put64(eb.image + EB_PHDR(0) + 32, eb.notes_len - 2); refuse_image("not 4-byte aligned");
    setup(); eb_put64(eb.image + EB_PHDR(0) + 32, eb.notes_len + 4); refuse_image("trailing bytes");
    setup(); eb_put64(eb.image + EB_PHDR(0) + 8, 0x10000); refuse_image("note segment 0 extends past");
    setup(); eb_put32(n + 4, 2); eb_put32(n + 16, 0); refuse_image("Xen note 3 has a bad size");
    setup(); { uint8_t one = 1; eb_note(&eb, 16, &one, 1); } refuse_image("Xen note 16 has a bad size");
}

UNIT_TEST(note_value_errors_refused)
{
    setup(); eb_note64(&eb, 3, EB_VIRT_BASE + 0x100); refuse_image("not page aligned");
    setup(); eb_note64(&eb, 3, EB_VIRT_BASE + 0x1000); refuse_image("entry");
    setup(); eb_note64(&eb, 1, EB_VIRT_BASE - 1); refuse_image("entry 0xffffffff7fffffff outside");
    setup(); eb_note64(&eb, 1, EB_VIRT_BASE + 0x3000); refuse_image("outside the kernel");
    setup(); eb_note64(&eb, 4, 0x1000); refuse_image("below PADDR_OFFSET");
    setup(); eb_note64(&eb, 2, EB_HCALL + 8); refuse_image("HYPERCALL_PAGE");
    setup(); eb_note64(&eb, 2, EB_VIRT_BASE + 0x3000); refuse_image("HYPERCALL_PAGE");
    setup(); eb_note64(&eb, 2, 0x1000); refuse_image("HYPERCALL_PAGE");
    /* lower half, but the bootstrap region crosses into the hole */
    setup(); eb_note64(&eb, 3, (1ULL << 47) - 0x2000); eb_note64(&eb, 1, (1ULL << 47) - 0x2000);
    refuse_image("not mappable");
    setup(); eb_note64(&eb, 3, HYPERVISOR_VIRT_START); eb_note64(&eb, 1, HYPERVISOR_VIRT_START);
    refuse_image("not mappable");
}

UNIT_TEST(request_errors_refused)
{
    static const uint8_t big_initrd[900 * 4096];
    struct pv_build_request rq;

    setup(); rq = request(); rq.nr_pages = 0;
    expect_refused(&rq, STATUS_EINVAL, "nr_pages 0 outside");
    setup(); rq = request(); rq.nr_pages = 1ULL << 40;
    expect_refused(&rq, STATUS_EINVAL, "outside 1..");
    setup(); rq = request(); rq.nr_pages = 4001;
    expect_refused(&rq, STATUS_ENOMEM, "above the domain's limit 4000");
    setup(); rq = request(); rq.ramdisk_len = 10;
    expect_refused(&rq, STATUS_EINVAL, "without data");
    setup(); rq = request(); rq.nr_pages = 2;
    expect_refused(&rq, STATUS_ENOMEM, "image needs 3 pages, the domain has 2");
    setup(); rq = request(); rq.nr_pages = 1000;
    expect_refused(&rq, STATUS_ENOMEM, "nr_pages 1000 too small for the bootstrap region");
    setup(); rq = request(); rq.ramdisk = eb.image; rq.ramdisk_len = GUEST_PAGES * 4096ULL + 1;
    expect_refused(&rq, STATUS_ENOMEM, "initrd of");
    setup(); rq = request(); rq.ramdisk = big_initrd; rq.ramdisk_len = sizeof(big_initrd);
    expect_refused(&rq, STATUS_ENOMEM, "too small for the bootstrap region");
    setup(); dom->hvm = true; rq = request();
    expect_refused(&rq, STATUS_EINVAL, "not a new PV domain");
}

UNIT_TEST(out_of_memory_and_pin_failure_release_everything)
{
    struct pv_build_request rq;
    mfn_t hog;

    /* machine too small: allocation fails part way through */
    setup();
    for (uint64_t n = page_alloc_free_count(); n > 1000; n--)
        CHECK_EQ(page_alloc_frames(0, &hog), STATUS_OK);
    free_before = page_alloc_free_count();
    rq = request();
    expect_refused(&rq, STATUS_ENOMEM, "out of memory after");
    /* fails while taking the p2m list frames */
    setup();
    for (uint64_t n = page_alloc_free_count(); n > 1; n--)
        CHECK_EQ(page_alloc_frames(0, &hog), STATUS_OK);
    free_before = page_alloc_free_count();
    rq = request();
    rq.nr_pages = 1500;
    expect_refused(&rq, STATUS_ENOMEM, "out of memory after 1 of 1500");
}

UNIT_TEST(no_event_channel_releases_everything)
{
    struct pv_build_request rq;
    evtchn_port_t port;

    setup();
    while (evtchn_alloc_unbound(dom, 0, &port) == STATUS_OK)
        ;
    rq = request();
    expect_refused(&rq, STATUS_ENOSPC, "no console event channel");
}
