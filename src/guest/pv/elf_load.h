/* SPDX-License-Identifier: MIT */
/* elf_load.h - ELF64 x86_64 executable and Xen ELF note parsing for the PV builder. */
#ifndef STRATA_GUEST_PV_ELF_LOAD_H
#define STRATA_GUEST_PV_ELF_LOAD_H

/*
 * elf_parse checks an untrusted image completely before anything is
 * loaded: header, program headers, PT_LOAD extents (no overflow, inside
 * the image, no overlap) and every note of every PT_NOTE segment. It
 * reads the image only and writes only *out and err.
 */
#include "lib/status.h"
#include "arch/arch.h"

#define ELF_MAX_SEGMENTS  16
#define ELF_NOTE_STR_MAX  64

/* Xen ELF note types (numbers from Xen's public/elfnote.h). */
#define XEN_ELFNOTE_ENTRY           1
#define XEN_ELFNOTE_HYPERCALL_PAGE  2
#define XEN_ELFNOTE_VIRT_BASE       3
#define XEN_ELFNOTE_PADDR_OFFSET    4
#define XEN_ELFNOTE_XEN_VERSION     5
#define XEN_ELFNOTE_GUEST_OS        6
#define XEN_ELFNOTE_LOADER          8
#define XEN_ELFNOTE_FEATURES        10
#define XEN_ELFNOTE_INIT_P2M        15
#define XEN_ELFNOTE_MOD_START_PFN   16
#define XEN_ELFNOTE_PHYS32_ENTRY    18

/* One PT_LOAD: bytes [offset, offset + filesz) of the image at
 * physical address paddr, zero-filled up to memsz. */
struct elf_segment {
    uint64_t offset, filesz, paddr, memsz;
};

struct elf_image {
    uint64_t e_entry;
    unsigned int nr_segments;
    struct elf_segment segments[ELF_MAX_SEGMENTS];
    uint64_t paddr_low, paddr_high;     /* [low, high) over all PT_LOADs */
    /* Xen notes; has_* says whether the note was present. */
    bool has_entry, has_virt_base, has_paddr_offset, has_hypercall_page;
    bool has_init_p2m, has_phys32_entry, mod_start_pfn;
    uint64_t entry, virt_base, paddr_offset, hypercall_page, init_p2m;
    uint64_t phys32_entry;
    char xen_version[ELF_NOTE_STR_MAX], guest_os[ELF_NOTE_STR_MAX];
    char loader[ELF_NOTE_STR_MAX], features[ELF_NOTE_STR_MAX];
};

/* Parse and validate image (len bytes). STATUS_ENOEXEC with a one-line
 * reason in err (errlen bytes) when it is not an acceptable 64-bit PV
 * kernel; *out is meaningful only on STATUS_OK. */
/*@ requires valid_image: \valid_read(image + (0 .. len - 1));
    requires valid_out: \valid(out);
    requires valid_err: errlen > 0 && \valid(err + (0 .. errlen - 1));
    assigns *out, err[0 .. errlen - 1];
    behavior accepted:
      ensures ok: \result == STATUS_OK ==>
          0 < out->nr_segments <= ELF_MAX_SEGMENTS &&
          \forall integer i; 0 <= i < out->nr_segments ==>
              out->segments[i].filesz <= out->segments[i].memsz &&
              out->segments[i].offset + out->segments[i].filesz <= len;
    behavior refused:
      ensures enoexec: \result != STATUS_OK ==> \result == STATUS_ENOEXEC;
*/
status_t elf_parse(const uint8_t *image, size_t len, struct elf_image *out,
                   char *err, size_t errlen);

#endif /* STRATA_GUEST_PV_ELF_LOAD_H */
