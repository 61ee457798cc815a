/* SPDX-License-Identifier: MIT */
/* elf_load.c - ELF64 x86_64 executable and Xen ELF note parsing for the PV builder. */
#include "guest/pv/elf_load.h"
#include "lib/format.h"
#include "lib/string.h"

#define EHDR_SIZE      64
#define PHDR_SIZE      56
#define ELFCLASS64     2
#define ELFDATA2LSB    1
#define ET_EXEC        2
#define EM_X86_64      62
#define PT_LOAD        1
#define PT_NOTE        4
#define NOTE_HDR_SIZE  12

static uint64_t rd(const uint8_t *p, unsigned int bytes)
{
    uint64_t v = 0;

    /* loop invariant: v holds bytes [i, bytes) little-endian; variant: i */
    for (unsigned int i = bytes; i > 0; i--)
        v = (v << 8) | p[i - 1];
    return v;
}

static status_t fail_str(char *err, size_t errlen, const char *msg)
{
    str_copy(err, msg, errlen);
    return STATUS_ENOEXEC;
}

static status_t fail(char *err, size_t errlen, const char *msg, unsigned int n)
{
    format(err, errlen, msg, n);
    return STATUS_ENOEXEC;
}

/* True if [off, off + size) lies in [0, len) without overflow. */
static bool in_image(uint64_t off, uint64_t size, size_t len)
{
    return off <= len && size <= len - off;
}

static status_t check_header(const uint8_t *im, size_t len, char *err, size_t errlen)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

    if (len < EHDR_SIZE || mem_compare(im, magic, 4) != 0)
        return fail_str(err, errlen, "ELF: bad magic");
    if (im[4] != ELFCLASS64)
        return fail(err, errlen, "ELF: not a 64-bit image (class %u)", im[4]);
    if (im[5] != ELFDATA2LSB)
        return fail(err, errlen, "ELF: not little-endian (data %u)", im[5]);
    if (rd(im + 16, 2) != ET_EXEC)
        return fail(err, errlen, "ELF: not an executable (type %u)", (unsigned int)rd(im + 16, 2));
    if (rd(im + 18, 2) != EM_X86_64)
        return fail(err, errlen, "ELF: wrong machine %u", (unsigned int)rd(im + 18, 2));
    return STATUS_OK;
}

static status_t check_phdrs(const uint8_t *im, size_t len, char *err, size_t errlen)
{
    uint64_t phoff = rd(im + 32, 8), entsize = rd(im + 54, 2), phnum = rd(im + 56, 2);

    if (phnum == 0)
        return fail_str(err, errlen, "ELF: no program headers");
    if (entsize < PHDR_SIZE)
        return fail(err, errlen, "ELF: program header size %u too small", (unsigned int)entsize);
    if (!in_image(phoff, phnum * entsize, len))
        return fail_str(err, errlen, "ELF: program headers beyond the image");
    return STATUS_OK;
}

static status_t add_segment(struct elf_image *out, const uint8_t *ph, size_t len,
                            unsigned int n, char *err, size_t errlen)
{
    struct elf_segment s = { rd(ph + 8, 8), rd(ph + 32, 8), rd(ph + 24, 8), rd(ph + 40, 8) };

    if (out->nr_segments == ELF_MAX_SEGMENTS)
        return fail(err, errlen, "ELF: more than %u PT_LOAD segments", ELF_MAX_SEGMENTS);
    if (s.filesz > s.memsz)
        return fail(err, errlen, "ELF: segment %u has filesz > memsz", n);
    if (!in_image(s.offset, s.filesz, len))
        return fail(err, errlen, "ELF: segment %u extends past the image", n);
    if (s.memsz == 0 || s.paddr + s.memsz < s.paddr)
        return fail(err, errlen, "ELF: segment %u address wraps or is empty", n);
    /* loop invariant: segments [0, i) do not overlap s; variant: nr - i */
    for (unsigned int i = 0; i < out->nr_segments; i++) {
        const struct elf_segment *o = &out->segments[i];
        if (s.paddr < o->paddr + o->memsz && o->paddr < s.paddr + s.memsz)
            return fail(err, errlen, "ELF: segment %u overlaps an earlier segment", n);
    }
    if (out->nr_segments == 0 || s.paddr < out->paddr_low)
        out->paddr_low = s.paddr;
    if (s.paddr + s.memsz > out->paddr_high)
        out->paddr_high = s.paddr + s.memsz;
    out->segments[out->nr_segments++] = s;
    return STATUS_OK;
}

static void note_string(char *dst, const uint8_t *desc, uint64_t descsz)
{
    size_t n = descsz < ELF_NOTE_STR_MAX - 1 ? (size_t)descsz : ELF_NOTE_STR_MAX - 1;

    mem_copy(dst, desc, n);
    dst[n] = '\0';
}

static status_t note_number(const uint8_t *desc, uint64_t descsz, uint64_t *v, bool *has,
                            uint32_t type, char *err, size_t errlen)
{
    if (descsz != 4 && descsz != 8)
        return fail(err, errlen, "ELF: Xen note %u has a bad size", type);
    *v = rd(desc, (unsigned int)descsz);
    *has = true;
    return STATUS_OK;
}

static status_t xen_note(struct elf_image *o, uint32_t type, const uint8_t *desc,
                         uint64_t descsz, char *err, size_t errlen)
{
    bool mod = false;
    uint64_t v = 0;

    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        return note_number(desc, descsz, &o->entry, &o->has_entry, type, err, errlen);
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        return note_number(desc, descsz, &o->hypercall_page, &o->has_hypercall_page,
                           type, err, errlen);
    case XEN_ELFNOTE_VIRT_BASE:
        return note_number(desc, descsz, &o->virt_base, &o->has_virt_base, type, err, errlen);
    case XEN_ELFNOTE_PADDR_OFFSET:
        return note_number(desc, descsz, &o->paddr_offset, &o->has_paddr_offset,
                           type, err, errlen);
    case XEN_ELFNOTE_INIT_P2M:
        return note_number(desc, descsz, &o->init_p2m, &o->has_init_p2m, type, err, errlen);
    case XEN_ELFNOTE_PHYS32_ENTRY:
        return note_number(desc, descsz, &o->phys32_entry, &o->has_phys32_entry,
                           type, err, errlen);
    case XEN_ELFNOTE_MOD_START_PFN:
        if (note_number(desc, descsz, &v, &mod, type, err, errlen) != STATUS_OK)
            return STATUS_ENOEXEC;
        o->mod_start_pfn = v != 0;
        return STATUS_OK;
    case XEN_ELFNOTE_XEN_VERSION: note_string(o->xen_version, desc, descsz); break;
    case XEN_ELFNOTE_GUEST_OS:    note_string(o->guest_os, desc, descsz); break;
    case XEN_ELFNOTE_LOADER:      note_string(o->loader, desc, descsz); break;
    case XEN_ELFNOTE_FEATURES:    note_string(o->features, desc, descsz); break;
    default: break;   /* other notes are not needed to build */
    }
    return STATUS_OK;
}

static uint64_t align4(uint64_t v)
{
    return (v + 3) & ~3ULL;
}

/* Walk the notes in [p, p + size), every field bound-checked. */
static status_t walk_notes(struct elf_image *o, const uint8_t *p, uint64_t size,
                           unsigned int n, char *err, size_t errlen)
{
    uint64_t at = 0;

    /* loop invariant: at <= size, at % 4 == 0; variant: size - at */
    while (size - at >= NOTE_HDR_SIZE) {
        uint64_t namesz = rd(p + at, 4), descsz = rd(p + at + 4, 4);
        uint32_t type = (uint32_t)rd(p + at + 8, 4);
        uint64_t name = at + NOTE_HDR_SIZE, desc = name + align4(namesz);

        if (align4(namesz) > size - name || align4(descsz) > size - desc)
            return fail(err, errlen, "ELF: note in segment %u runs past its segment", n);
        if (namesz == 4 && mem_compare(p + name, "Xen", 4) == 0 &&
            xen_note(o, type, p + desc, descsz, err, errlen) != STATUS_OK)
            return STATUS_ENOEXEC;
        at = desc + align4(descsz);
    }
    if (at != size)
        return fail(err, errlen, "ELF: trailing bytes after the notes of segment %u", n);
    return STATUS_OK;
}

static status_t note_segment(struct elf_image *o, const uint8_t *im, size_t len,
                             const uint8_t *ph, unsigned int n, char *err, size_t errlen)
{
    uint64_t off = rd(ph + 8, 8), size = rd(ph + 32, 8);

    if (!in_image(off, size, len))
        return fail(err, errlen, "ELF: note segment %u extends past the image", n);
    if (off % 4 != 0 || size % 4 != 0)
        return fail(err, errlen, "ELF: note segment %u is not 4-byte aligned", n);
    return walk_notes(o, im + off, size, n, err, errlen);
}

status_t elf_parse(const uint8_t *image, size_t len, struct elf_image *out,
                   char *err, size_t errlen)
{
    status_t rc = check_header(image, len, err, errlen);
    uint64_t phoff, entsize, phnum;

    if (rc != STATUS_OK)
        return rc;
    rc = check_phdrs(image, len, err, errlen);
    if (rc != STATUS_OK)
        return rc;
    mem_set(out, 0, sizeof(*out));
    out->e_entry = rd(image + 24, 8);
    phoff = rd(image + 32, 8);
    entsize = rd(image + 54, 2);
    phnum = rd(image + 56, 2);
    /* loop invariant: headers [0, i) accepted; variant: phnum - i */
    for (unsigned int i = 0; i < phnum && rc == STATUS_OK; i++) {
        const uint8_t *ph = image + phoff + i * entsize;
        uint32_t type = (uint32_t)rd(ph, 4);

        if (type == PT_LOAD)
            rc = add_segment(out, ph, len, i, err, errlen);
        else if (type == PT_NOTE)
            rc = note_segment(out, image, len, ph, i, err, errlen);
    }
    if (rc == STATUS_OK && out->nr_segments == 0)
        return fail_str(err, errlen, "ELF: no PT_LOAD segment");
    return rc;
}
