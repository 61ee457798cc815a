/* SPDX-License-Identifier: MIT */
/* pv_build.c - the PV domain builder: ELF + Xen notes into a new domain (docs/pv-boot.md). */
#include "guest/pv/pv_build.h"
#include "guest/pv/elf_load.h"
#include "guest/pv/hypercall_page.h"
#include "guest/pv/pv_mm.h"
#include "core/evtchn.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/m2p.h"
#include "mm/page_alloc.h"

#define PV_PAGE           4096ULL
#define PV_PTRS           512ULL
#define PV_BOOT_ALIGN     (4ULL << 20)     /* bootstrap end: 4 MiB boundary */
#define PV_BOOT_SPARE     (512ULL << 10)   /* at least this much spare mapped */
/* The p2m list frames are tracked here while building: 1024 of them
 * describe 2^19 pages (2 GiB), the largest domain built. */
#define PV_MAX_P2M_FRAMES 1024ULL
#define PV_MAX_PAGES      (PV_MAX_P2M_FRAMES * PV_PTRS)
#define PTE_P             0x1ULL
#define PTE_RW            0x2ULL
#define PTE_US            0x4ULL
#define LOWER_HALF_END    (1ULL << 47)
/* The console channel is unbound to domain 0: Strata raises it itself
 * (evtchn_raise_unbound), no domain is expected to bind it. */
#define CONSOLE_REMOTE    0

/* Start-of-day layout, in pages from VIRT_BASE (guest pfn == page index). */
struct pv_layout {
    uint64_t virt_base;
    uint64_t kernel_pages;          /* VIRT_BASE .. end of the last segment */
    uint64_t initrd_pfn, initrd_pages;
    uint64_t p2m_pfn, p2m_pages;
    uint64_t start_info_pfn, console_pfn, store_pfn;
    uint64_t pt_pfn, nr_pt, nr_l3, nr_l2, nr_l1;
    uint64_t stack_pfn;
    uint64_t mapped_pages;          /* bootstrap region, padded */
};

struct pv_builder {
    struct domain *d;
    const struct pv_build_request *rq;
    struct elf_image elf;
    struct pv_layout lay;
    uint64_t p2m_frames_taken;      /* p2m list frames allocated */
    uint64_t pfns_done;             /* pfns [0, pfns_done) have a frame */
    bool port_taken;
    uint32_t port;
    char *err;
    size_t errlen;
};

/* Boot time only (one build at a time): the frames of the p2m list. */
static mfn_t p2m_frames[PV_MAX_P2M_FRAMES];

static uint64_t pages_of(uint64_t bytes)
{
    return bytes / PV_PAGE + (bytes % PV_PAGE != 0);
}

static uint64_t va_of(const struct pv_builder *b, uint64_t pfn)
{
    return b->lay.virt_base + pfn * PV_PAGE;
}

static bool in_p2m_list(const struct pv_builder *b, uint64_t pfn)
{
    return pfn >= b->lay.p2m_pfn && pfn - b->lay.p2m_pfn < b->lay.p2m_pages;
}

static uint64_t *p2m_slot(const struct pv_builder *b, uint64_t pfn)
{
    return (uint64_t *)arch_frame_to_virt(p2m_frames[pfn / PV_PTRS]) + pfn % PV_PTRS;
}

static uint8_t *pfn_bytes(const struct pv_builder *b, uint64_t pfn)
{
    return arch_frame_to_virt(*p2m_slot(b, pfn));
}

static status_t refuse(struct pv_builder *b, status_t rc, const char *fmt, uint64_t a,
                       uint64_t c)
{
    format(b->err, b->errlen, fmt, (unsigned long)a, (unsigned long)c);
    return rc;
}

/* Tables needed at one level to map [start, end): distinct 2^shift spans. */
static uint64_t spans(uint64_t start, uint64_t end, unsigned int shift)
{
    return ((end - 1) >> shift) - (start >> shift) + 1;
}

/* Where the kernel sits: checks VIRT_BASE, PADDR_OFFSET and the entry. */
static status_t place_kernel(struct pv_builder *b)
{
    const struct elf_image *e = &b->elf;
    uint64_t base = e->has_virt_base ? e->virt_base : 0;
    uint64_t poff = e->has_paddr_offset ? e->paddr_offset : 0;
    uint64_t span, entry = e->has_entry ? e->entry : e->e_entry;

    if (base % PV_PAGE != 0)
        return refuse(b, STATUS_ENOEXEC, "ELF: VIRT_BASE %#lx not page aligned", base, 0);
    if (e->paddr_low < poff)
        return refuse(b, STATUS_ENOEXEC, "ELF: segment at %#lx below PADDR_OFFSET %#lx",
                      e->paddr_low, poff);
    span = e->paddr_high - poff;
    if (base + span < base || span > UINT64_MAX - PV_PAGE)
        return refuse(b, STATUS_ENOEXEC, "ELF: kernel wraps the address space (%#lx + %#lx)",
                      base, span);
    if (entry < base || entry >= base + span)
        return refuse(b, STATUS_ENOEXEC, "ELF: entry %#lx outside the kernel (VIRT_BASE %#lx)",
                      entry, base);
    b->lay.virt_base = base;
    b->lay.kernel_pages = pages_of(span);
    return STATUS_OK;
}

/* Page tables mapping [virt_base, the padded end), grown to a fixpoint:
 * each extra table moves the end, which may need more tables. */
static void place_tables(struct pv_layout *l)
{
    uint64_t need = 0;

    l->nr_pt = 0;
    /* loop invariant: nr_pt only grows, bounded by the tables of the
     * region; loop variant: the tables still missing */
    do {
        uint64_t end;

        l->nr_pt = need;
        l->stack_pfn = l->pt_pfn + l->nr_pt;
        end = (l->stack_pfn + 1) * PV_PAGE + PV_BOOT_SPARE;
        end = (l->virt_base + end + PV_BOOT_ALIGN - 1) & ~(PV_BOOT_ALIGN - 1);
        l->mapped_pages = (end - l->virt_base) / PV_PAGE;
        l->nr_l3 = spans(l->virt_base, end, 39);
        l->nr_l2 = spans(l->virt_base, end, 30);
        l->nr_l1 = spans(l->virt_base, end, 21);
        need = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
    } while (need > l->nr_pt);
}

/* VIRT_BASE .. the mapped end lies in one canonical half, clear of Xen's. */
static bool va_range_ok(uint64_t start, uint64_t end)
{
    if (end <= start)
        return false;
    if (start < LOWER_HALF_END)
        return end <= LOWER_HALF_END;
    return start >= HYPERVISOR_VIRT_END;
}

static status_t plan(struct pv_builder *b)
{
    struct pv_layout *l = &b->lay;
    uint64_t nr = b->rq->nr_pages, end;

    if (l->kernel_pages > nr)
        return refuse(b, STATUS_ENOMEM, "ELF: image needs %lu pages, the domain has %lu",
                      l->kernel_pages, nr);
    if (pages_of(b->rq->ramdisk_len) > nr)
        return refuse(b, STATUS_ENOMEM, "build: initrd of %lu bytes larger than %lu pages",
                      b->rq->ramdisk_len, nr);
    l->initrd_pfn = l->kernel_pages;
    l->initrd_pages = pages_of(b->rq->ramdisk_len);
    l->p2m_pfn = l->initrd_pfn + l->initrd_pages;
    l->p2m_pages = pages_of(nr * sizeof(uint64_t));
    l->start_info_pfn = l->p2m_pfn + l->p2m_pages;
    l->console_pfn = l->start_info_pfn + 1;
    l->store_pfn = l->console_pfn + 1;
    l->pt_pfn = l->store_pfn + 1;
    place_tables(l);
    if (l->mapped_pages > nr)
        return refuse(b, STATUS_ENOMEM,
                      "build: nr_pages %lu too small for the bootstrap region (%lu pages)",
                      nr, l->mapped_pages);
    end = l->virt_base + l->mapped_pages * PV_PAGE;
    if (!va_range_ok(l->virt_base, end))
        return refuse(b, STATUS_ENOEXEC, "ELF: bootstrap region %#lx..%#lx not mappable",
                      l->virt_base, end);
    return STATUS_OK;
}

static status_t check_request(struct pv_builder *b)
{
    const struct mm_account *a = &b->d->mm.account;
    uint64_t nr = b->rq->nr_pages;

    if (nr == 0 || nr > PV_MAX_PAGES)
        return refuse(b, STATUS_EINVAL, "build: nr_pages %lu outside 1..%lu", nr, PV_MAX_PAGES);
    if (a->pages != 0 || b->d->hvm)
        return refuse(b, STATUS_EINVAL, "build: domain %lu is not a new PV domain",
                      b->d->id, 0);
    if (nr > a->max_pages)
        return refuse(b, STATUS_ENOMEM, "build: nr_pages %lu above the domain's limit %lu",
                      nr, a->max_pages);
    if (b->rq->ramdisk == NULL && b->rq->ramdisk_len != 0)
        return refuse(b, STATUS_EINVAL, "build: initrd of %lu bytes without data",
                      b->rq->ramdisk_len, 0);
    return STATUS_OK;
}

/* Give every pfn a frame: the p2m list frames first (they record the rest). */
static status_t populate(struct pv_builder *b)
{
    struct mm_account *a = &b->d->mm.account;
    uint64_t pfn;

    /* loop invariant: p2m_frames[0 .. taken) are d's; variant: p2m_pages - taken */
    while (b->p2m_frames_taken < b->lay.p2m_pages) {
        if (page_alloc_domain_frames(a, 0, &p2m_frames[b->p2m_frames_taken]) != STATUS_OK)
            return refuse(b, STATUS_ENOMEM, "build: out of memory after %lu of %lu pages",
                          b->p2m_frames_taken, b->rq->nr_pages);
        b->p2m_frames_taken++;
    }
    /* loop invariant: pfns [0, done) have a frame and an M2P entry */
    for (pfn = 0; pfn < b->rq->nr_pages; pfn++) {
        mfn_t mfn;

        if (in_p2m_list(b, pfn))
            mfn = p2m_frames[pfn - b->lay.p2m_pfn];
        else if (page_alloc_domain_frames(a, 0, &mfn) != STATUS_OK)
            return refuse(b, STATUS_ENOMEM, "build: out of memory after %lu of %lu pages",
                          b->p2m_frames_taken + pfn, b->rq->nr_pages);
        *p2m_slot(b, pfn) = mfn;
        (void)m2p_set(mfn, b->d->id, pfn);
        b->pfns_done = pfn + 1;
    }
    return STATUS_OK;
}

/* Undo populate and the console channel: d owns no frame again. */
static void release(struct pv_builder *b)
{
    struct mm_account *a = &b->d->mm.account;

    if (b->port_taken)
        (void)evtchn_close(b->d, b->port);
    /* loop invariant: pfns [0, pfn) outside the list are freed */
    for (uint64_t pfn = 0; pfn < b->pfns_done; pfn++) {
        mfn_t mfn = *p2m_slot(b, pfn);

        (void)m2p_set(mfn, b->d->id, INVALID_GFN);
        if (!in_p2m_list(b, pfn))
            (void)page_free_domain_frames(a, mfn, 0);
    }
    /* loop invariant: list frames [k, taken) are freed */
    for (uint64_t k = b->p2m_frames_taken; k > 0; k--)
        (void)page_free_domain_frames(a, p2m_frames[k - 1], 0);
}

/* Copy len bytes to the guest pages from byte offset off of pfn 0. */
static void copy_in(struct pv_builder *b, uint64_t off, const uint8_t *src, uint64_t len)
{
    /* loop invariant: bytes [0, done) copied; variant: len */
    while (len > 0) {
        uint64_t in_page = off % PV_PAGE;
        uint64_t n = len < PV_PAGE - in_page ? len : PV_PAGE - in_page;

        mem_copy(pfn_bytes(b, off / PV_PAGE) + in_page, src, (size_t)n);
        off += n;
        src += n;
        len -= n;
    }
}

static void load_kernel(struct pv_builder *b)
{
    uint64_t poff = b->elf.has_paddr_offset ? b->elf.paddr_offset : 0;

    /* loop invariant: segments [0, i) copied; variant: nr_segments - i */
    for (unsigned int i = 0; i < b->elf.nr_segments; i++) {
        const struct elf_segment *s = &b->elf.segments[i];

        copy_in(b, s->paddr - poff, b->rq->image + s->offset, s->filesz);
    }
    if (b->rq->ramdisk_len != 0)
        copy_in(b, b->lay.initrd_pfn * PV_PAGE, b->rq->ramdisk, b->rq->ramdisk_len);
}

static status_t fill_hypercall_page(struct pv_builder *b, struct pv_build_result *out)
{
    uint64_t va = b->elf.hypercall_page;

    out->hypercall_page_va = 0;
    if (!b->elf.has_hypercall_page)
        return STATUS_OK;
    if (va % PV_PAGE != 0 || va < b->lay.virt_base ||
        (va - b->lay.virt_base) / PV_PAGE >= b->lay.kernel_pages)
        return refuse(b, STATUS_ENOEXEC, "ELF: HYPERCALL_PAGE %#lx not a kernel page",
                      va, 0);
    pv_hypercall_page_fill(pfn_bytes(b, (va - b->lay.virt_base) / PV_PAGE));
    out->hypercall_page_va = va;
    return STATUS_OK;
}

static void write_start_info(struct pv_builder *b)
{
    struct start_info *si = (struct start_info *)pfn_bytes(b, b->lay.start_info_pfn);
    const struct pv_layout *l = &b->lay;
    bool by_pfn = b->elf.mod_start_pfn && b->rq->ramdisk_len != 0;

    str_copy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
    si->nr_pages = b->rq->nr_pages;
    si->shared_info = (uint64_t)arch_virt_to_frame(b->d->shared_info) * PV_PAGE;
    si->flags = by_pfn ? SIF_MOD_START_PFN : 0;
    si->store_mfn = *p2m_slot(b, l->store_pfn);
    si->store_evtchn = 0;
    si->console.domU.mfn = *p2m_slot(b, l->console_pfn);
    si->console.domU.evtchn = b->port;
    si->pt_base = va_of(b, l->pt_pfn);
    si->nr_pt_frames = l->nr_pt;
    si->mfn_list = va_of(b, l->p2m_pfn);
    if (b->rq->ramdisk_len != 0) {
        si->mod_start = by_pfn ? l->initrd_pfn : va_of(b, l->initrd_pfn);
        si->mod_len = b->rq->ramdisk_len;
    }
    /* Like Xen: a longer command line is truncated to MAX_GUEST_CMDLINE - 1. */
    str_copy(si->cmd_line, b->rq->cmdline != NULL ? b->rq->cmdline : "", sizeof(si->cmd_line));
}

/* Next unused table of the page-table area, linked from parent[slot]. */
static uint64_t *child(struct pv_builder *b, uint64_t *parent, uint64_t slot, uint64_t *next)
{
    if ((parent[slot] & PTE_P) == 0) {
        parent[slot] = (*p2m_slot(b, *next) * PV_PAGE) | PTE_P | PTE_RW | PTE_US;
        (*next)++;
    }
    return arch_frame_to_virt(parent[slot] / PV_PAGE & ((1ULL << 40) - 1));
}

/* Map every page of the bootstrap region; the tables themselves read-only. */
static void write_page_tables(struct pv_builder *b)
{
    const struct pv_layout *l = &b->lay;
    uint64_t *l4 = (uint64_t *)pfn_bytes(b, l->pt_pfn), next = l->pt_pfn + 1;

    /* loop invariant: pages [0, pfn) mapped; variant: mapped_pages - pfn */
    for (uint64_t pfn = 0; pfn < l->mapped_pages; pfn++) {
        uint64_t va = va_of(b, pfn);
        uint64_t *l3 = child(b, l4, (va >> 39) % PV_PTRS, &next);
        uint64_t *l2 = child(b, l3, (va >> 30) % PV_PTRS, &next);
        uint64_t *l1 = child(b, l2, (va >> 21) % PV_PTRS, &next);
        bool table = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt;

        l1[(va >> 12) % PV_PTRS] = (*p2m_slot(b, pfn) * PV_PAGE) | PTE_P | PTE_US |
                                   (table ? 0 : PTE_RW);
    }
}

static void fill_result(const struct pv_builder *b, struct pv_build_result *out)
{
    const struct pv_layout *l = &b->lay;

    out->entry = b->elf.has_entry ? b->elf.entry : b->elf.e_entry;
    out->stack_top = va_of(b, l->stack_pfn + 1);
    out->start_info_va = va_of(b, l->start_info_pfn);
    out->l4_mfn = *p2m_slot(b, l->pt_pfn);
    out->virt_base = l->virt_base;
    out->bootstrap_end = va_of(b, l->mapped_pages);
    out->console_mfn = *p2m_slot(b, l->console_pfn);
    out->console_port = b->port;
}

/* Everything after the checks: memory, contents, channel, pin. */
static status_t construct(struct pv_builder *b, struct pv_build_result *out)
{
    status_t rc = populate(b);

    if (rc != STATUS_OK)
        return rc;
    load_kernel(b);
    rc = fill_hypercall_page(b, out);
    if (rc != STATUS_OK)
        return rc;
    rc = evtchn_alloc_unbound(b->d, CONSOLE_REMOTE, &b->port);
    if (rc != STATUS_OK)
        return refuse(b, rc, "build: no console event channel (%ld)", (uint64_t)rc, 0);
    b->port_taken = true;
    write_start_info(b);
    write_page_tables(b);
    rc = pv_mm_pin(b->d, *p2m_slot(b, b->lay.pt_pfn), 4);
    if (rc != STATUS_OK)
        return refuse(b, rc, "build: initial page tables refused by the PV MMU (%ld)",
                      (uint64_t)rc, 0);
    fill_result(b, out);
    return STATUS_OK;
}

status_t pv_build(struct domain *d, const struct pv_build_request *rq,
                  struct pv_build_result *out, char *err, size_t errlen)
{
    struct pv_builder b;
    status_t rc;

    mem_set(&b, 0, sizeof(b));
    b.d = d;
    b.rq = rq;
    b.err = err;
    b.errlen = errlen;
    rc = check_request(&b);
    if (rc == STATUS_OK)
        rc = elf_parse(rq->image, rq->image_len, &b.elf, err, errlen);
    if (rc == STATUS_OK)
        rc = place_kernel(&b);
    if (rc == STATUS_OK)
        rc = plan(&b);
    if (rc == STATUS_OK)
        rc = construct(&b, out);
    if (rc != STATUS_OK)
        release(&b);
    return rc;
}
