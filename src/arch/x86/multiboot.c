/* SPDX-License-Identifier: MIT */
/* multiboot.c - Multiboot v1 and v2 info blocks into struct boot_info. */
#include "arch/x86/boot_info.h"
#include "arch/x86/layout.h"
#include "lib/print.h"
#include "lib/string.h"

#define MB1_BOOT_MAGIC      0x2BADB002U
#define MB2_BOOT_MAGIC      0x36d76289U
#define MB1_INFO_MEM        (1U << 0)
#define MB1_INFO_CMDLINE    (1U << 2)
#define MB1_INFO_MODS       (1U << 3)
#define MB1_INFO_MMAP       (1U << 6)
#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1
#define MB2_TAG_MODULE      3
#define MB2_TAG_MMAP        6

struct PACKED mb1_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
};

struct PACKED mb1_module {
    uint32_t start, end, string, reserved;
};

struct PACKED mb1_mmap_entry {
    uint32_t size;          /* of the rest of the entry */
    uint64_t addr, len;
    uint32_t type;
};

struct PACKED mb2_tag {
    uint32_t type, size;
};

struct PACKED mb2_mmap {
    struct mb2_tag tag;
    uint32_t entry_size, entry_version;
};

struct PACKED mb2_mmap_entry {
    uint64_t addr, len;
    uint32_t type, reserved;
};

struct PACKED mb2_module {
    struct mb2_tag tag;
    uint32_t start, end;
    char string[];
};

/* Loader data lies below 4 GiB, which the boot tables direct-map. */
static const void *phys(paddr_t pa)
{
    return (const void *)(uintptr_t)(DIRECTMAP_BASE + pa);
}

static void add_mem(struct boot_info *bi, uint64_t addr, uint64_t len, uint32_t type)
{
    if (len == 0 || bi->nr_mem == BOOT_MEM_MAX)
        return;
    bi->mem[bi->nr_mem++] = (struct boot_mem_range){ addr, addr + len, type };
}

static void add_module(struct boot_info *bi, paddr_t start, paddr_t end, const char *name)
{
    struct boot_module *m;

    if (bi->nr_modules == BOOT_MODULES_MAX)
        return;
    m = &bi->modules[bi->nr_modules++];
    m->start = start;
    m->end = end;
    str_copy(m->name, name != NULL ? name : "", sizeof(m->name));
}

static void mb1_parse(const struct mb1_info *mbi, struct boot_info *bi)
{
    bi->loader = "Multiboot";
    if (mbi->flags & MB1_INFO_CMDLINE)
        str_copy(bi->cmdline, phys(mbi->cmdline), sizeof(bi->cmdline));
    if (mbi->flags & MB1_INFO_MODS) {
        const struct mb1_module *mod = phys(mbi->mods_addr);

        for (uint32_t i = 0; i < mbi->mods_count; i++)
            add_module(bi, mod[i].start, mod[i].end,
                       mod[i].string ? phys(mod[i].string) : NULL);
    }
    if (mbi->flags & MB1_INFO_MMAP) {
        uint32_t off = 0;

        while (off + sizeof(struct mb1_mmap_entry) <= mbi->mmap_length) {
            const struct mb1_mmap_entry *e = phys(mbi->mmap_addr + off);

            add_mem(bi, e->addr, e->len, e->type);
            off += e->size + sizeof(e->size);
        }
    } else if (mbi->flags & MB1_INFO_MEM) {
        /* No map: the two legacy sizes (KiB below 1 MiB, above 1 MiB). */
        add_mem(bi, 0, (uint64_t)mbi->mem_lower << 10, BOOT_MEM_USABLE);
        add_mem(bi, 0x100000, (uint64_t)mbi->mem_upper << 10, BOOT_MEM_USABLE);
    }
}

static void mb2_mmap_parse(const struct mb2_mmap *t, struct boot_info *bi)
{
    const uint8_t *p = (const uint8_t *)(t + 1);
    const uint8_t *end = (const uint8_t *)t + t->tag.size;

    for (; p + sizeof(struct mb2_mmap_entry) <= end; p += t->entry_size) {
        const struct mb2_mmap_entry *e = (const void *)p;

        add_mem(bi, e->addr, e->len, e->type);
        if (t->entry_size == 0)
            break;
    }
}

static void mb2_parse(paddr_t info, struct boot_info *bi)
{
    uint32_t total = *(const uint32_t *)phys(info);
    uint32_t off = 8;   /* total_size, reserved */

    bi->loader = "Multiboot2";
    while (off + sizeof(struct mb2_tag) <= total) {
        const struct mb2_tag *tag = phys(info + off);

        if (tag->type == MB2_TAG_END)
            break;
        if (tag->type == MB2_TAG_CMDLINE)
            str_copy(bi->cmdline, (const char *)(tag + 1), sizeof(bi->cmdline));
        else if (tag->type == MB2_TAG_MODULE) {
            const struct mb2_module *m = (const void *)tag;

            add_module(bi, m->start, m->end, m->string);
        } else if (tag->type == MB2_TAG_MMAP)
            mb2_mmap_parse((const void *)tag, bi);
        off += (tag->size + 7) & ~7U;   /* tags are 8-byte aligned */
    }
}

void multiboot_parse(uint32_t magic, paddr_t info, struct boot_info *out)
{
    mem_set(out, 0, sizeof(*out));
    if (magic == MB1_BOOT_MAGIC)
        mb1_parse(phys(info), out);
    else if (magic == MB2_BOOT_MAGIC)
        mb2_parse(info, out);
    else
        panic("not started by a Multiboot loader (magic %#x)", magic);
    if (out->nr_mem == 0)
        panic("the loader gave no memory map");
}
