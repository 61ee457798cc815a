/* SPDX-License-Identifier: MIT */
/* bzimage.h - the setup header of a Linux bzImage: parsed and checked for the 64-bit boot. */
#ifndef STRATA_GUEST_HVM_BZIMAGE_H
#define STRATA_GUEST_HVM_BZIMAGE_H

/*
 * A bzImage (Linux Documentation/arch/x86/boot.rst) is a real-mode setup
 * part of (setup_sects + 1) sectors of 512 bytes, whose first sector
 * holds the setup header at 0x1f1, followed by the protected-mode
 * kernel of syssize * 16 bytes. Strata boots it through the 64-bit boot
 * protocol: the protected-mode kernel is copied to its load address and
 * entered at load + 0x200 in long mode, so the header must say protocol
 * 2.12 or later (xloadflags) with XLF_KERNEL_64 set. Offsets below are
 * in the file and, from 0x1f1 on, the same in boot_params (the zero page).
 */
#include "lib/status.h"
#include "arch/arch.h"

/* Setup header fields (file offsets = boot_params offsets). */
#define BZ_SETUP_SECTS       0x1f1   /* u8: 0 means 4 */
#define BZ_SYSSIZE           0x1f4   /* u32: protected-mode kernel in 16-byte units */
#define BZ_BOOT_FLAG         0x1fe   /* u16: 0xaa55 */
#define BZ_JUMP              0x200   /* u16: short jump; byte 0x201 = header end - 0x202 */
#define BZ_HEADER            0x202   /* u32: "HdrS" */
#define BZ_VERSION           0x206   /* u16: protocol, major << 8 | minor */
#define BZ_TYPE_OF_LOADER    0x210   /* u8 */
#define BZ_LOADFLAGS         0x211   /* u8 */
#define BZ_RAMDISK_IMAGE     0x218   /* u32 */
#define BZ_RAMDISK_SIZE      0x21c   /* u32 */
#define BZ_CMD_LINE_PTR      0x228   /* u32 */
#define BZ_INITRD_ADDR_MAX   0x22c   /* u32: highest byte address of the initrd */
#define BZ_KERNEL_ALIGNMENT  0x230   /* u32 */
#define BZ_RELOCATABLE       0x234   /* u8 */
#define BZ_XLOADFLAGS        0x236   /* u16 (2.12) */
#define BZ_CMDLINE_SIZE      0x238   /* u32: longest command line, NUL excluded */
#define BZ_PREF_ADDRESS      0x258   /* u64 (2.10) */
#define BZ_INIT_SIZE         0x260   /* u32 (2.10): memory needed from the load address */
#define BZ_HEADER_MIN_END    0x264   /* a 2.12 header reaches at least past init_size */
#define BZ_HEADER_MAX_END    0x290   /* boot_params room for it (edd_mbr_sig_buffer next) */

#define BZ_BOOT_FLAG_MAGIC   0xaa55
#define BZ_HEADER_MAGIC      0x53726448U  /* "HdrS" little-endian */
#define BZ_VERSION_MIN       0x020c       /* 2.12: xloadflags */
#define BZ_LOADED_HIGH       0x01         /* loadflags: protected-mode code at 1 MiB+ */
#define BZ_XLF_KERNEL_64     0x0001       /* xloadflags: 64-bit entry at +0x200 */
#define BZ_ENTRY_64          0x200        /* 64-bit entry, from the load address */
#define BZ_SECTOR            512

/* What the builder needs from a checked image. */
struct bzimage_info {
    uint16_t version;            /* boot protocol */
    uint32_t header_end;         /* file offset just past the setup header */
    uint64_t kernel_offset;      /* file offset of the protected-mode kernel */
    uint64_t kernel_len;         /* its length (syssize * 16), > BZ_ENTRY_64 */
    uint32_t kernel_alignment;   /* a power of two >= 4 KiB if relocatable */
    bool relocatable;
    uint64_t pref_address;       /* preferred load address */
    uint32_t init_size;          /* >= kernel_len */
    uint32_t cmdline_size;
    uint32_t initrd_addr_max;
};

/* Little-endian reads of the image (callers check the bounds). */
uint16_t bzimage_get16(const uint8_t *p);
uint32_t bzimage_get32(const uint8_t *p);
uint64_t bzimage_get64(const uint8_t *p);

/* Check image[0 .. len) as a bzImage bootable through the 64-bit boot
 * protocol and fill *out. STATUS_ENOEXEC with one line in err (errlen
 * bytes, always terminated when errlen > 0) naming the first problem:
 * not a bzImage, protocol older than 2.12, no 64-bit entry, setup or
 * kernel beyond the file, init_size below the kernel, bad alignment.
 * Reads nothing outside the image; *out is written only on success. */
status_t bzimage_parse(const uint8_t *image, size_t len, struct bzimage_info *out,
                       char *err, size_t errlen);

#endif /* STRATA_GUEST_HVM_BZIMAGE_H */
