/* SPDX-License-Identifier: MIT */
/* hvm_build.c - the HVM domain builder: a Linux bzImage booted through the 64-bit boot protocol. */
#include "guest/hvm/hvm_build.h"
#include "guest/hvm/acpi_tables.h"
#include "guest/hvm/boot_params.h"
#include "guest/hvm/bzimage.h"
#include "guest/hvm/guest_pt.h"
#include "guest/hvm/hvm_layout.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "mm/p2m.h"

#define HVM_MIN_PAGES    1024ULL               /* 4 MiB */
#define HVM_MAX_PAGES    (16ULL << 20)         /* 64 GiB */
#define CHUNK_ORDER      9                     /* 2 MiB blocks when the heap has them */
#define CHUNK_PAGES      (1ULL << CHUNK_ORDER)
#define HOLE_PAGES       (HVM_HOLE_START / HVM_PAGE)
#define HIGH_GFN         (HVM_HIGH_START / HVM_PAGE)

struct hvm_builder {
    struct domain *d;
    const struct hvm_build_request *rq;
    struct bzimage_info bi;
    struct hvm_layout lay;
    uint64_t low_pages;       /* RAM pages below the hole (from gfn 0) */
    uint64_t done;            /* RAM pages [0, done), in gfn order, mapped */
    uint64_t cmdline_len;
    char *err;
    size_t errlen;
};

/* Boot time only (one build at a time): which 2 MiB runs of RAM pages
 * (page index / CHUNK_PAGES) were allocated as one block, so release
 * frees them the way they were taken. */
static uint64_t chunk_block[HVM_MAX_PAGES / CHUNK_PAGES / 64];

static bool chunk_is_block(uint64_t pos)
{
    uint64_t c = pos / CHUNK_PAGES;

    return (chunk_block[c / 64] >> (c % 64)) & 1;
}

static void chunk_mark(uint64_t pos)
{
    uint64_t c = pos / CHUNK_PAGES;

    chunk_block[c / 64] |= 1ULL << (c % 64);
}

static status_t refuse(struct hvm_builder *b, status_t rc, const char *fmt, uint64_t x,
                       uint64_t y, uint64_t z)
{
    if (b->errlen > 0)
        format(b->err, b->errlen, fmt, (unsigned long)x, (unsigned long)y, (unsigned long)z);
    return rc;
}

/* Gfn of RAM page pos: the low pages from 0, the rest from 4 GiB. */
static gfn_t gfn_of(const struct hvm_builder *b, uint64_t pos)
{
    return pos < b->low_pages ? pos : HIGH_GFN + (pos - b->low_pages);
}

static status_t check_domain(struct hvm_builder *b)
{
    const struct domain *d = b->d;
    uint64_t max_vcpus = d->limits.max_vcpus < HVM_ACPI_MAX_VCPUS ? d->limits.max_vcpus
                                                                    : HVM_ACPI_MAX_VCPUS;

    if (!d->hvm || d->mm.account.pages != 0 || p2m_entries(&d->mm) != 0)
        return refuse(b, STATUS_EINVAL, "build: domain %lu is not a new HVM domain", d->id, 0, 0);
    if (b->rq->nr_vcpus == 0 || b->rq->nr_vcpus > max_vcpus)
        return refuse(b, STATUS_EINVAL, "build: nr_vcpus %lu outside 1..%lu",
                      b->rq->nr_vcpus, max_vcpus, 0);
    return STATUS_OK;
}

/* RAM size against the builder's range, the domain's limit and its P2M. */
static status_t check_ram(struct hvm_builder *b)
{
    uint64_t nr = b->rq->nr_pages, end_gfn;

    if (nr < HVM_MIN_PAGES)
        return refuse(b, STATUS_EINVAL, "build: RAM of %lu pages too small (at least %lu, 4 MiB)",
                      nr, HVM_MIN_PAGES, 0);
    if (nr > HVM_MAX_PAGES)
        return refuse(b, STATUS_EINVAL, "build: RAM of %lu pages above the builder's %lu (64 GiB)",
                      nr, HVM_MAX_PAGES, 0);
    if (nr > b->d->mm.account.max_pages)
        return refuse(b, STATUS_ENOMEM, "build: RAM of %lu pages above the domain's limit %lu",
                      nr, b->d->mm.account.max_pages, 0);
    b->low_pages = nr < HOLE_PAGES ? nr : HOLE_PAGES;
    end_gfn = nr > HOLE_PAGES ? HIGH_GFN + (nr - HOLE_PAGES) : nr;
    if (end_gfn > b->d->mm.p2m.gfn_limit)
        return refuse(b, STATUS_EINVAL, "build: RAM ends at gfn %#lx, beyond the P2M limit %#lx",
                      end_gfn, b->d->mm.p2m.gfn_limit, 0);
    b->lay.low_end = b->low_pages * HVM_PAGE;
    b->lay.high_end = nr > HOLE_PAGES ? end_gfn * HVM_PAGE : 0;
    return STATUS_OK;
}

static status_t check_inputs(struct hvm_builder *b)
{
    const struct hvm_build_request *rq = b->rq;
    uint64_t limit;

    if (rq->ramdisk == NULL && rq->ramdisk_len != 0)
        return refuse(b, STATUS_EINVAL, "build: initrd of %lu bytes without data",
                      rq->ramdisk_len, 0, 0);
    limit = b->bi.cmdline_size < HVM_CMDLINE_MAX - 1 ? b->bi.cmdline_size : HVM_CMDLINE_MAX - 1;
    b->cmdline_len = rq->cmdline ? str_length_bounded(rq->cmdline, limit + 1) : 0;
    if (b->cmdline_len > limit)
        return refuse(b, STATUS_EINVAL, "build: command line longer than cmdline_size %lu",
                      limit, 0, 0);
    return STATUS_OK;
}

/* The load address: pref_address when usable, else 16 MiB aligned up. */
static status_t place_kernel(struct hvm_builder *b)
{
    const struct bzimage_info *bi = &b->bi;
    uint64_t load = bi->pref_address, low_end = b->lay.low_end;
    uint64_t align = bi->kernel_alignment;
    bool usable = load >= HVM_KERNEL_MIN && (!bi->relocatable || load % align == 0);

    if (!usable && !bi->relocatable)
        return refuse(b, STATUS_ENOEXEC,
                      "bzImage: not relocatable and pref_address %#lx below 1 MiB", load, 0, 0);
    if (!usable)
        load = (HVM_KERNEL_DEFAULT + align - 1) & ~(align - 1);
    if (load >= low_end || bi->init_size > low_end - load)
        return refuse(b, STATUS_ENOMEM,
                      "build: init_size %#lx at %#lx larger than RAM (ends at %#lx)",
                      bi->init_size, load, low_end);
    b->lay.kernel_gpa = load;
    b->lay.kernel_end = load + bi->init_size;
    return STATUS_OK;
}

/* The initrd page-aligned at the top of RAM below initrd_addr_max. */
static status_t place_initrd(struct hvm_builder *b)
{
    uint64_t len = b->rq->ramdisk_len;
    uint64_t top = (uint64_t)b->bi.initrd_addr_max + 1;

    if (len == 0)
        return STATUS_OK;
    if (top > b->lay.low_end)
        top = b->lay.low_end;
    if (len > top || ((top - len) & ~(HVM_PAGE - 1)) < b->lay.kernel_end)
        return refuse(b, STATUS_ENOMEM,
                      "build: initrd of %lu bytes does not fit between the kernel end %#lx"
                      " and %#lx (initrd_addr_max or RAM end)",
                      len, b->lay.kernel_end, top);
    b->lay.initrd_gpa = (top - len) & ~(HVM_PAGE - 1);
    b->lay.initrd_len = len;
    return STATUS_OK;
}

/* Map one page (pos) or, when ok, one 2 MiB block at pos: RAM_RW. */
static status_t populate_one(struct hvm_builder *b, uint64_t pos, bool try_block)
{
    struct mm_domain *mm = &b->d->mm;
    gfn_t gfn = gfn_of(b, pos);
    mfn_t mfn;
    status_t rc;

    if (try_block && page_alloc_domain_frames(&mm->account, CHUNK_ORDER, &mfn) == STATUS_OK) {
        rc = p2m_set_range(mm, gfn, mfn, CHUNK_PAGES, P2M_RAM_RW);
        if (rc != STATUS_OK) {
            (void)page_free_domain_frames(&mm->account, mfn, CHUNK_ORDER);
            return refuse(b, rc, "build: P2M refused gfn %#lx (%ld)", gfn, (uint64_t)rc, 0);
        }
        chunk_mark(pos);
        b->done = pos + CHUNK_PAGES;
        return STATUS_OK;
    }
    if (page_alloc_domain_frames(&mm->account, 0, &mfn) != STATUS_OK)
        return refuse(b, STATUS_ENOMEM, "build: out of memory after %lu of %lu pages",
                      pos, b->rq->nr_pages, 0);
    rc = p2m_set(mm, gfn, mfn, P2M_RAM_RW);
    if (rc != STATUS_OK) {
        (void)page_free_domain_frames(&mm->account, mfn, 0);
        return refuse(b, rc, "build: P2M refused gfn %#lx (%ld)", gfn, (uint64_t)rc, 0);
    }
    b->done = pos + 1;
    return STATUS_OK;
}

/* Give every RAM page a frame, 2 MiB blocks where a whole aligned run
 * lies inside one RAM range (the NPT can then use superpages). */
static status_t populate(struct hvm_builder *b)
{
    uint64_t nr = b->rq->nr_pages;

    mem_set(chunk_block, 0, sizeof(chunk_block));
    /* loop invariant: RAM pages [0, done) mapped; variant: nr - done */
    while (b->done < nr) {
        uint64_t pos = b->done;
        uint64_t range_end = pos < b->low_pages ? b->low_pages : nr;
        bool block = pos % CHUNK_PAGES == 0 && range_end - pos >= CHUNK_PAGES;
        status_t rc = populate_one(b, pos, block);

        if (rc != STATUS_OK)
            return rc;
    }
    return STATUS_OK;
}

/* Undo populate: every mapping removed, every frame freed as taken,
 * and the P2M's own nodes returned unless a nested table mirrors it
 * (then its owner tears both down with the domain). */
static void release(struct hvm_builder *b)
{
    struct mm_domain *mm = &b->d->mm;
    uint64_t pos = 0;

    /* loop invariant: RAM pages [0, pos) unmapped and freed; variant: done - pos */
    while (pos < b->done) {
        gfn_t gfn = gfn_of(b, pos);
        bool block = chunk_is_block(pos);
        enum p2m_type type;
        mfn_t mfn;

        (void)p2m_get(mm, gfn, &mfn, &type);
        (void)p2m_remove_range(mm, gfn, block ? CHUNK_PAGES : 1);
        (void)page_free_domain_frames(&mm->account, mfn, block ? CHUNK_ORDER : 0);
        pos += block ? CHUNK_PAGES : 1;
    }
    b->done = 0;
    if (mm->p2m.nested.format == NESTED_NONE)
        p2m_destroy(mm);
}

/* Hypervisor pointer to guest-physical gpa (mapped RAM, built here). */
static uint8_t *gpa_ptr(struct hvm_builder *b, uint64_t gpa)
{
    enum p2m_type type;
    mfn_t mfn;

    (void)p2m_get(&b->d->mm, gpa / HVM_PAGE, &mfn, &type);
    return (uint8_t *)arch_frame_to_virt(mfn) + gpa % HVM_PAGE;
}

static void copy_in(struct hvm_builder *b, uint64_t gpa, const uint8_t *src, uint64_t len)
{
    /* loop invariant: bytes [0, copied) in place; variant: len */
    while (len > 0) {
        uint64_t n = HVM_PAGE - gpa % HVM_PAGE;

        if (n > len)
            n = len;
        mem_copy(gpa_ptr(b, gpa), src, (size_t)n);
        gpa += n;
        src += n;
        len -= n;
    }
}

static void write_tables(struct hvm_builder *b)
{
    hvm_gdt_fill((uint64_t *)gpa_ptr(b, HVM_GDT_GPA));
    hvm_pt_fill_pml4((uint64_t *)gpa_ptr(b, HVM_PML4_GPA));
    hvm_pt_fill_pdpt((uint64_t *)gpa_ptr(b, HVM_PDPT_GPA));
    /* loop invariant: PDs [0, i) filled */
    for (unsigned int i = 0; i < HVM_NR_PD; i++)
        hvm_pt_fill_pd((uint64_t *)gpa_ptr(b, HVM_PD_GPA + i * HVM_PAGE), i);
    b->lay.rsdp_gpa = hvm_acpi_build(gpa_ptr(b, HVM_ACPI_GPA), HVM_ACPI_GPA, b->rq->nr_vcpus);
}

static void write_contents(struct hvm_builder *b)
{
    const struct hvm_build_request *rq = b->rq;

    copy_in(b, b->lay.kernel_gpa, rq->kernel + b->bi.kernel_offset, b->bi.kernel_len);
    if (rq->ramdisk_len != 0)
        copy_in(b, b->lay.initrd_gpa, rq->ramdisk, rq->ramdisk_len);
    if (b->cmdline_len != 0)
        copy_in(b, HVM_CMDLINE_GPA, (const uint8_t *)rq->cmdline, b->cmdline_len);
    write_tables(b);
    hvm_boot_params_fill(gpa_ptr(b, HVM_ZERO_PAGE_GPA), rq->kernel, &b->bi, &b->lay);
}

static void fill_result(const struct hvm_builder *b, struct hvm_build_result *out)
{
    mem_set(out, 0, sizeof(*out));
    hvm_initial_state_fill(&out->vcpu0, b->lay.kernel_gpa + BZ_ENTRY_64, HVM_ZERO_PAGE_GPA);
    out->ram_end_gpa = b->lay.high_end != 0 ? b->lay.high_end : b->lay.low_end;
    out->kernel_gpa = b->lay.kernel_gpa;
    out->kernel_end_gpa = b->lay.kernel_end;
    out->initrd_gpa = b->lay.initrd_gpa;
    out->zero_page_gpa = HVM_ZERO_PAGE_GPA;
    out->cmdline_gpa = HVM_CMDLINE_GPA;
    out->rsdp_gpa = b->lay.rsdp_gpa;
}

/* Every check, before anything is allocated. */
static status_t check_all(struct hvm_builder *b)
{
    status_t rc = check_domain(b);

    if (rc == STATUS_OK && b->rq->kernel == NULL)
        rc = refuse(b, STATUS_EINVAL, "build: no kernel image", 0, 0, 0);
    if (rc == STATUS_OK)
        rc = check_ram(b);
    if (rc == STATUS_OK)
        rc = bzimage_parse(b->rq->kernel, b->rq->kernel_len, &b->bi, b->err, b->errlen);
    if (rc == STATUS_OK)
        rc = check_inputs(b);
    if (rc == STATUS_OK)
        rc = place_kernel(b);
    if (rc == STATUS_OK)
        rc = place_initrd(b);
    return rc;
}

status_t hvm_build(struct domain *d, const struct hvm_build_request *rq,
                   struct hvm_build_result *out, char *err, size_t errlen)
{
    struct hvm_builder b;
    status_t rc;

    mem_set(&b, 0, sizeof(b));
    b.d = d;
    b.rq = rq;
    b.err = err;
    b.errlen = errlen;
    rc = check_all(&b);
    if (rc != STATUS_OK)
        return rc;
    rc = populate(&b);
    if (rc != STATUS_OK) {
        release(&b);
        return rc;
    }
    write_contents(&b);
    fill_result(&b, out);
    return STATUS_OK;
}
