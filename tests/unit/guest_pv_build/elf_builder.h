/* SPDX-License-Identifier: MIT */
/* elf_builder.h - in-memory ELF64 PV kernel images for the builder tests. */
#ifndef STRATA_TESTS_ELF_BUILDER_H
#define STRATA_TESTS_ELF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#define EB_VIRT_BASE  0xffffffff80000000ULL
#define EB_ENTRY      (EB_VIRT_BASE + 0x10)
#define EB_HCALL      (EB_VIRT_BASE + 0x2000)
#define EB_MAX        0x4000
/* Image layout: header, phdrs at 64 (0: PT_NOTE, 1: text, 2: data),
 * notes at EB_NOTES, text (0x1000 bytes, paddr 0) at 0x1000, data
 * (0x800 bytes, memsz 0x2000, paddr 0x1000) at 0x2000. */
#define EB_PHDR(i)    (64 + 56 * (i))
#define EB_NOTES      0x200

struct elf_builder {
    uint8_t image[EB_MAX];
    size_t len;
    size_t notes_len;
};

/* The valid image: notes VIRT_BASE, PADDR_OFFSET 0, ENTRY, HYPERCALL_PAGE,
 * GUEST_OS, XEN_VERSION, LOADER, FEATURES, PHYS32_ENTRY, INIT_P2M. */
void eb_default(struct elf_builder *b);

/* Append a note (name "Xen") with a descsz-byte descriptor; refreshes
 * the PT_NOTE header's size. */
void eb_note(struct elf_builder *b, uint32_t type, const void *desc, uint32_t descsz);
void eb_note64(struct elf_builder *b, uint32_t type, uint64_t v);

void eb_put16(uint8_t *p, uint16_t v);
void eb_put32(uint8_t *p, uint32_t v);
void eb_put64(uint8_t *p, uint64_t v);
uint64_t eb_get64(const uint8_t *p);

#endif
