/* SPDX-License-Identifier: MIT */
/* boot_params.c - the zero page of the Linux boot protocol and its e820 map. */
#include "guest/hvm/boot_params.h"
#include "lib/string.h"

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static unsigned int add(struct hvm_e820_entry *map, unsigned int n, uint64_t start,
                        uint64_t end, uint32_t type)
{
    map[n].addr = start;
    map[n].size = end - start;
    map[n].type = type;
    return n + 1;
}

unsigned int hvm_e820_build(const struct hvm_layout *lay, struct hvm_e820_entry *map)
{
    unsigned int n = 0;

    n = add(map, n, 0, HVM_GDT_GPA, HVM_E820_RAM);
    n = add(map, n, HVM_GDT_GPA, HVM_BOOT_TABLES_END, HVM_E820_RESERVED);
    n = add(map, n, HVM_BOOT_TABLES_END, HVM_BASE_RAM_END, HVM_E820_RAM);
    n = add(map, n, HVM_BASE_RAM_END, HVM_BIOS_END, HVM_E820_RESERVED);
    n = add(map, n, HVM_BIOS_END, lay->low_end, HVM_E820_RAM);
    if (lay->high_end != 0)
        n = add(map, n, HVM_HIGH_START, lay->high_end, HVM_E820_RAM);
    return n;
}

static void write_e820(uint8_t *zp, const struct hvm_layout *lay)
{
    struct hvm_e820_entry map[HVM_E820_MAX];
    unsigned int n = hvm_e820_build(lay, map);

    /* loop invariant: entries [0, i) written; variant: n - i */
    for (unsigned int i = 0; i < n; i++) {
        uint8_t *e = zp + BP_E820_TABLE + i * BP_E820_ENTRY_LEN;

        put64(e, map[i].addr);
        put64(e + 8, map[i].size);
        put32(e + 16, map[i].type);
    }
    zp[BP_E820_ENTRIES] = (uint8_t)n;
}

void hvm_boot_params_fill(uint8_t *zp, const uint8_t *image, const struct bzimage_info *bi,
                          const struct hvm_layout *lay)
{
    uint32_t end = bi->header_end < BZ_HEADER_MAX_END ? bi->header_end : BZ_HEADER_MAX_END;

    mem_copy(zp + BZ_SETUP_SECTS, image + BZ_SETUP_SECTS, end - BZ_SETUP_SECTS);
    zp[BZ_TYPE_OF_LOADER] = BP_LOADER_UNDEFINED;
    put32(zp + BZ_RAMDISK_IMAGE, (uint32_t)lay->initrd_gpa);
    put32(zp + BZ_RAMDISK_SIZE, (uint32_t)lay->initrd_len);
    put32(zp + BZ_CMD_LINE_PTR, (uint32_t)HVM_CMDLINE_GPA);
    put64(zp + BP_ACPI_RSDP_ADDR, lay->rsdp_gpa);
    write_e820(zp, lay);
}
