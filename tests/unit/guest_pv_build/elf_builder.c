/* SPDX-License-Identifier: MIT */
/* elf_builder.c - in-memory ELF64 PV kernel images for the builder tests. */
#include "elf_builder.h"

#include <string.h>

void eb_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
void eb_put32(uint8_t *p, uint32_t v) { eb_put16(p, (uint16_t)v); eb_put16(p + 2, (uint16_t)(v >> 16)); }
void eb_put64(uint8_t *p, uint64_t v) { eb_put32(p, (uint32_t)v); eb_put32(p + 4, (uint32_t)(v >> 32)); }

uint64_t eb_get64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void phdr(struct elf_builder *b, int i, uint32_t type, uint64_t off, uint64_t paddr,
                 uint64_t filesz, uint64_t memsz)
{
    uint8_t *p = b->image + EB_PHDR(i);

    eb_put32(p, type);
    eb_put32(p + 4, 7);
    eb_put64(p + 8, off);
    eb_put64(p + 16, EB_VIRT_BASE + paddr);
    eb_put64(p + 24, paddr);
    eb_put64(p + 32, filesz);
    eb_put64(p + 40, memsz);
    eb_put64(p + 48, 0x1000);
}

void eb_note(struct elf_builder *b, uint32_t type, const void *desc, uint32_t descsz)
{
    uint8_t *p = b->image + EB_NOTES + b->notes_len;

    eb_put32(p, 4);
    eb_put32(p + 4, descsz);
    eb_put32(p + 8, type);
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 16, desc, descsz);
    b->notes_len += 16 + ((descsz + 3) & ~3U);
    eb_put64(b->image + EB_PHDR(0) + 32, b->notes_len);
    eb_put64(b->image + EB_PHDR(0) + 40, b->notes_len);
}

void eb_note64(struct elf_builder *b, uint32_t type, uint64_t v)
{
    uint8_t d[8];

    eb_put64(d, v);
    eb_note(b, type, d, 8);
}

void eb_default(struct elf_builder *b)
{
    uint8_t *h = b->image;
    uint32_t p32 = 0x100000;

    memset(b, 0, sizeof(*b));
    memcpy(h, "\x7f" "ELF", 4);
    h[4] = 2; h[5] = 1; h[6] = 1;
    eb_put16(h + 16, 2);
    eb_put16(h + 18, 62);
    eb_put32(h + 20, 1);
    eb_put64(h + 24, EB_VIRT_BASE + 0x20);       /* e_entry (ENTRY note wins) */
    eb_put64(h + 32, 64);
    eb_put16(h + 52, 64);
    eb_put16(h + 54, 56);
    eb_put16(h + 56, 3);
    phdr(b, 0, 4, EB_NOTES, 0, 0, 0);
    phdr(b, 1, 1, 0x1000, 0, 0x1000, 0x1000);
    phdr(b, 2, 1, 0x2000, 0x1000, 0x800, 0x2000);
    eb_note64(b, 3, EB_VIRT_BASE);               /* VIRT_BASE */
    eb_note64(b, 4, 0);                          /* PADDR_OFFSET */
    eb_note64(b, 1, EB_ENTRY);                   /* ENTRY */
    eb_note64(b, 2, EB_HCALL);                   /* HYPERCALL_PAGE */
    eb_note(b, 6, "linux", 6);                   /* GUEST_OS */
    eb_note(b, 5, "xen-3.0", 8);                 /* XEN_VERSION */
    eb_note(b, 8, "generic", 8);                 /* LOADER */
    eb_note(b, 10, "!writable_page_tables", 22); /* FEATURES */
    eb_note(b, 18, &p32, 4);                     /* PHYS32_ENTRY */
    eb_note64(b, 15, 0);                         /* INIT_P2M */
    eb_note(b, 7, "2.6", 4);                     /* GUEST_VERSION (ignored) */
    for (int i = 0; i < 0x1000; i++)
        h[0x1000 + i] = (uint8_t)(i * 7 + 1);
    for (int i = 0; i < 0x800; i++)
        h[0x2000 + i] = (uint8_t)(i * 3 + 5);
    b->len = 0x2800;
}
