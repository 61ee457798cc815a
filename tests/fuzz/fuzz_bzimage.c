/* SPDX-License-Identifier: MIT */
/* fuzz_bzimage.c - libFuzzer harness: arbitrary bytes through the HVM builder's bzImage checks. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "guest/hvm/bzimage.h"

/* Checks what bzimage_parse promises for an accepted image. */
static void check_info(const struct bzimage_info *bi, size_t len)
{
    if (bi->version < BZ_VERSION_MIN || bi->header_end < BZ_HEADER_MIN_END ||
        bi->header_end > BZ_HEADER + 0xff || bi->header_end > bi->kernel_offset)
        abort();
    if (bi->kernel_offset >= len || bi->kernel_len > len - bi->kernel_offset ||
        bi->kernel_len <= BZ_ENTRY_64 || bi->kernel_offset % BZ_SECTOR != 0)
        abort();
    if (bi->init_size < bi->kernel_len)
        abort();
    if (bi->relocatable && (bi->kernel_alignment < 0x1000 ||
                            (bi->kernel_alignment & (bi->kernel_alignment - 1)) != 0))
        abort();
}

/* The input is copied into a buffer of exactly its size, so ASan reports
 * any read past it; the error line must always be terminated. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    struct bzimage_info bi;
    char err[96];

    memcpy(buf, data, size);
    memset(err, 'x', sizeof(err));
    if (bzimage_parse(buf, size, &bi, err, sizeof(err)) == 0)
        check_info(&bi, size);
    else if (memchr(err, '\0', sizeof(err)) == NULL)
        abort();
    free(buf);
    return 0;
}
