/* SPDX-License-Identifier: MIT */
/* boot_params.h - the zero page of the Linux boot protocol and its e820 map. */
#ifndef STRATA_GUEST_HVM_BOOT_PARAMS_H
#define STRATA_GUEST_HVM_BOOT_PARAMS_H

#include "guest/hvm/bzimage.h"
#include "guest/hvm/hvm_layout.h"

/* boot_params fields outside the setup header (Linux bootparam.h). */
#define BP_ACPI_RSDP_ADDR    0x070   /* u64 */
#define BP_EXT_RAMDISK_IMAGE 0x0c0   /* u32: high half of ramdisk_image */
#define BP_EXT_RAMDISK_SIZE  0x0c4
#define BP_EXT_CMD_LINE_PTR  0x0c8
#define BP_E820_ENTRIES      0x1e8   /* u8 */
#define BP_SENTINEL          0x1ef   /* must stay 0 */
#define BP_E820_TABLE        0x2d0   /* 128 entries of 20 bytes */
#define BP_E820_ENTRY_LEN    20
#define BP_LOADER_UNDEFINED  0xff    /* type_of_loader: no assigned id */

/* One e820 entry. */
struct hvm_e820_entry {
    uint64_t addr, size;
    uint32_t type;
};

/* The e820 map of lay into map (HVM_E820_MAX entries), sorted and
 * disjoint; returns how many. */
unsigned int hvm_e820_build(const struct hvm_layout *lay, struct hvm_e820_entry *map);

/* Fill the zeroed 4 KiB zero page zp: the image's setup header, then
 * what the loader owns (type_of_loader, ramdisk, cmd_line_ptr, the
 * RSDP, the e820 map). */
void hvm_boot_params_fill(uint8_t *zp, const uint8_t *image, const struct bzimage_info *bi,
                          const struct hvm_layout *lay);

#endif /* STRATA_GUEST_HVM_BOOT_PARAMS_H */
