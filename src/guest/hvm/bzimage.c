/* SPDX-License-Identifier: MIT */
/* bzimage.c - the setup header of a Linux bzImage: parsed and checked for the 64-bit boot. */
#include "guest/hvm/bzimage.h"
#include "lib/format.h"

#define BZ_DEFAULT_SETUP_SECTS 4          /* setup_sects 0 means 4 (boot.rst) */
#define BZ_MIN_ALIGNMENT       0x1000ULL  /* kernel_alignment floor: one page */
#define BZ_MAX_ALIGNMENT       0x40000000ULL

uint16_t bzimage_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t bzimage_get32(const uint8_t *p)
{
    return (uint32_t)bzimage_get16(p) | (uint32_t)bzimage_get16(p + 2) << 16;
}

uint64_t bzimage_get64(const uint8_t *p)
{
    return (uint64_t)bzimage_get32(p) | (uint64_t)bzimage_get32(p + 4) << 32;
}

static status_t refuse(char *err, size_t errlen, const char *fmt, uint64_t a, uint64_t b,
                       uint64_t c)
{
    if (errlen > 0)
        format(err, errlen, fmt, (unsigned long)a, (unsigned long)b, (unsigned long)c);
    return STATUS_ENOEXEC;
}

/* Signature, protocol version and the flags of a 64-bit bzImage. */
static status_t check_signature(const uint8_t *img, size_t len, char *err, size_t errlen)
{
    uint16_t version;

    if (len < BZ_HEADER_MIN_END)
        return refuse(err, errlen, "bzImage: %lu bytes, too short for a setup header",
                      len, 0, 0);
    if (bzimage_get16(img + BZ_BOOT_FLAG) != BZ_BOOT_FLAG_MAGIC ||
        bzimage_get32(img + BZ_HEADER) != BZ_HEADER_MAGIC)
        return refuse(err, errlen, "bzImage: not a bzImage (no 0xaa55 at 0x1fe and HdrS at 0x202)",
                      0, 0, 0);
    version = bzimage_get16(img + BZ_VERSION);
    if (version < BZ_VERSION_MIN)
        return refuse(err, errlen, "bzImage: boot protocol %lu.%02lu too old (2.12 needed)",
                      version >> 8, version & 0xff, 0);
    if ((img[BZ_LOADFLAGS] & BZ_LOADED_HIGH) == 0)
        return refuse(err, errlen, "bzImage: LOADED_HIGH clear (a zImage, not a bzImage)",
                      0, 0, 0);
    if ((bzimage_get16(img + BZ_XLOADFLAGS) & BZ_XLF_KERNEL_64) == 0)
        return refuse(err, errlen, "bzImage: not 64-bit capable (XLF_KERNEL_64 clear)", 0, 0, 0);
    return STATUS_OK;
}

/* Where the setup part, the header and the protected-mode kernel lie. */
static status_t check_extents(const uint8_t *img, size_t len, struct bzimage_info *bi,
                              char *err, size_t errlen)
{
    uint64_t sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : BZ_DEFAULT_SETUP_SECTS;
    uint64_t setup = (sects + 1) * BZ_SECTOR;
    uint64_t sys = (uint64_t)bzimage_get32(img + BZ_SYSSIZE) * 16;

    bi->header_end = BZ_HEADER + img[BZ_JUMP + 1];
    if (setup >= len)
        return refuse(err, errlen,
                      "bzImage: setup_sects %lu: setup (%#lx bytes) beyond the file (%#lx bytes)",
                      sects, setup, len);
    if (bi->header_end < BZ_HEADER_MIN_END)
        return refuse(err, errlen, "bzImage: setup header ends at %#lx, before init_size",
                      bi->header_end, 0, 0);
    if (sys > len - setup)
        return refuse(err, errlen,
                      "bzImage: syssize: kernel (%#lx bytes at %#lx) beyond the file (%#lx bytes)",
                      sys, setup, len);
    if (sys <= BZ_ENTRY_64)
        return refuse(err, errlen,
                      "bzImage: syssize: kernel of %#lx bytes has no 64-bit entry at 0x200",
                      sys, 0, 0);
    bi->kernel_offset = setup;
    bi->kernel_len = sys;
    return STATUS_OK;
}

/* Load constraints: init_size and, for a relocatable kernel, its alignment. */
static status_t check_load(const uint8_t *img, struct bzimage_info *bi, char *err,
                           size_t errlen)
{
    uint64_t align = bzimage_get32(img + BZ_KERNEL_ALIGNMENT);

    bi->init_size = bzimage_get32(img + BZ_INIT_SIZE);
    if (bi->init_size < bi->kernel_len)
        return refuse(err, errlen, "bzImage: init_size %#lx smaller than the kernel (%#lx bytes)",
                      bi->init_size, bi->kernel_len, 0);
    bi->relocatable = img[BZ_RELOCATABLE] != 0;
    if (bi->relocatable && (align < BZ_MIN_ALIGNMENT || align > BZ_MAX_ALIGNMENT ||
                            (align & (align - 1)) != 0))
        return refuse(err, errlen,
                      "bzImage: kernel_alignment %#lx not a power of two in 4 KiB..1 GiB",
                      align, 0, 0);
    bi->kernel_alignment = (uint32_t)align;
    bi->pref_address = bzimage_get64(img + BZ_PREF_ADDRESS);
    bi->cmdline_size = bzimage_get32(img + BZ_CMDLINE_SIZE);
    bi->initrd_addr_max = bzimage_get32(img + BZ_INITRD_ADDR_MAX);
    return STATUS_OK;
}

status_t bzimage_parse(const uint8_t *image, size_t len, struct bzimage_info *out,
                       char *err, size_t errlen)
{
    struct bzimage_info bi;
    status_t rc = check_signature(image, len, err, errlen);

    if (rc == STATUS_OK)
        rc = check_extents(image, len, &bi, err, errlen);
    if (rc == STATUS_OK)
        rc = check_load(image, &bi, err, errlen);
    if (rc != STATUS_OK)
        return rc;
    bi.version = bzimage_get16(image + BZ_VERSION);
    *out = bi;
    return STATUS_OK;
}
