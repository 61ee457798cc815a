/* SPDX-License-Identifier: MIT */
/* test_hvm_real.c - the HVM builder on Debian's bzImage (STRATA_BZIMAGE); skipped without it. */
#include "unit.h"
#include "bzimage_gen.h"
#include "hvm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/hvm/boot_params.h"
#include "guest/hvm/bzimage.h"
#include "mm/p2m.h"

#define REAL_PAGES     32768               /* 128 MiB of guest RAM */
#define REAL_FRAMES    (REAL_PAGES + 2048)
#define REAL_INITRD    (3 << 20)

/* The whole file, or NULL (and a message) when there is none. */
static uint8_t *load_bzimage(size_t *len)
{
    const char *path = getenv("STRATA_BZIMAGE");
    uint8_t *buf;
    FILE *f;
    long n;

    if (path == NULL || (f = fopen(path, "rb")) == NULL) {
        printf("SKIP real_debian_bzimage: STRATA_BZIMAGE %s%s"
               " (run tests/linux/fetch.sh, reconfigure)\n",
               path ? path : "unset", path ? " not readable" : "");
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n);
    CHECK(buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void check_real_header(const uint8_t *img, size_t len, const struct bzimage_info *bi)
{
    CHECK_EQ(bi->version >= 0x020c, 1);
    CHECK_EQ(bi->kernel_offset, (uint64_t)(img[0x1f1] + 1) * 512);
    CHECK_EQ(bi->kernel_len, (uint64_t)bzg_get32(img + 0x1f4) * 16);
    CHECK(bi->kernel_offset + bi->kernel_len <= len);
    CHECK_EQ(bi->kernel_alignment, 0x200000);
    CHECK(bi->relocatable);
    CHECK_EQ(bi->pref_address, 0x1000000);
    CHECK(bi->init_size >= bi->kernel_len);
    CHECK(bi->init_size > 0x2000000 && bi->init_size < 0x5000000);   /* tens of MiB */
    CHECK_EQ(bi->init_size % 4096, 0);
    CHECK(bi->cmdline_size >= 255);
    printf("real bzImage: protocol %u.%02u, kernel %#llx bytes at file %#llx, init_size %#x, "
           "cmdline_size %#x, initrd_addr_max %#x\n", bi->version >> 8, bi->version & 0xff,
           (unsigned long long)bi->kernel_len, (unsigned long long)bi->kernel_offset,
           bi->init_size, bi->cmdline_size, bi->initrd_addr_max);
}

static void check_real_build(const uint8_t *img, const struct bzimage_info *bi,
                             const uint8_t *initrd)
{
    struct hvm_build_request rq = {
        .kernel = img, .kernel_len = 0, .ramdisk = initrd, .ramdisk_len = REAL_INITRD,
        .cmdline = "console=ttyS0 reboot=k panic=1", .nr_pages = REAL_PAGES, .nr_vcpus = 2,
    };
    struct hvm_build_result res;
    const uint8_t *zp;

    rq.kernel_len = bi->kernel_offset + bi->kernel_len + 0x100;   /* any tail is ignored */
    CHECK_EQ(hvm_test_build(&rq, &res), STATUS_OK);
    CHECK_EQ(res.kernel_gpa, 0x1000000);
    CHECK_EQ(res.kernel_end_gpa, 0x1000000 + bi->init_size);
    CHECK_EQ(res.vcpu0.rip, 0x1000200);
    CHECK_EQ(res.initrd_gpa, (uint64_t)REAL_PAGES * 4096 - REAL_INITRD);
    CHECK(res.initrd_gpa >= res.kernel_end_gpa);
    for (uint64_t off = 0; off < bi->kernel_len; off += 0x10000) {
        uint64_t n = bi->kernel_len - off < 64 ? bi->kernel_len - off : 64;

        CHECK_EQ(memcmp(hvm_test_gpa(res.kernel_gpa + off), img + bi->kernel_offset + off, n), 0);
    }
    CHECK_EQ(memcmp(hvm_test_gpa(res.kernel_gpa + bi->kernel_len - 1),
                    img + bi->kernel_offset + bi->kernel_len - 1, 1), 0);
    zp = hvm_test_gpa(res.zero_page_gpa);
    CHECK_EQ(memcmp(zp + 0x202, "HdrS", 4), 0);
    CHECK_EQ(memcmp(zp + 0x1f1, img + 0x1f1, 0x210 - 0x1f1), 0);
    CHECK_EQ(memcmp(zp + 0x230, img + 0x230, 0x264 - 0x230), 0);
    CHECK_EQ(bzg_get32(zp + 0x218), res.initrd_gpa);
    CHECK_EQ(bzg_get32(zp + 0x21c), REAL_INITRD);
    CHECK(strcmp((const char *)hvm_test_gpa(bzg_get32(zp + 0x228)), rq.cmdline) == 0);
    CHECK_EQ(bzg_get64(zp + BP_ACPI_RSDP_ADDR), res.rsdp_gpa);
    CHECK_EQ(hvm_dom->mm.account.pages, REAL_PAGES);
}

UNIT_TEST(real_debian_bzimage)
{
    struct bzimage_info bi;
    uint8_t *img, *initrd;
    size_t len = 0;
    char err[160];

    img = load_bzimage(&len);
    if (img == NULL)
        return;
    CHECK_EQ(bzimage_parse(img, len, &bi, err, sizeof(err)), STATUS_OK);
    check_real_header(img, len, &bi);
    initrd = calloc(1, REAL_INITRD);
    CHECK(initrd != NULL);
    initrd[0] = 0x30;
    hvm_test_setup(REAL_FRAMES, REAL_PAGES, 2, 0);
    check_real_build(img, &bi, initrd);
    /* the same kernel cannot fit in 32 MiB */
    hvm_test_setup(REAL_FRAMES, REAL_PAGES, 2, 0);
    {
        struct hvm_build_request rq = { .kernel = img, .kernel_len = len, .nr_pages = 8192,
                                        .nr_vcpus = 1 };
        struct hvm_build_result res;

        CHECK_EQ(hvm_test_build(&rq, &res), STATUS_ENOMEM);
        CHECK(strstr(hvm_err, "larger than RAM") != NULL);
        CHECK_EQ(hvm_dom->mm.account.pages, 0);
    }
    free(initrd);
    free(img);
}
