/* SPDX-License-Identifier: MIT */
/* bzimage_gen.h - synthetic bzImages for the HVM builder tests, edited field by field. */
#ifndef STRATA_TESTS_BZIMAGE_GEN_H
#define STRATA_TESTS_BZIMAGE_GEN_H

#include <stddef.h>
#include <stdint.h>

#define BZG_MAX           0x10000
#define BZG_SETUP_SECTS   3                    /* setup part: 4 sectors */
#define BZG_SETUP_BYTES   ((BZG_SETUP_SECTS + 1) * 512)
#define BZG_KERNEL_LEN    0x3000               /* protected-mode kernel bytes */
#define BZG_INIT_SIZE     0x100000             /* 1 MiB */
#define BZG_PREF          0x1000000ULL         /* 16 MiB */
#define BZG_ALIGN         0x200000             /* 2 MiB */
#define BZG_CMDLINE_SIZE  0x7ff

struct bzimage_gen {
    uint8_t image[BZG_MAX];
    size_t len;
};

/* A valid protocol 2.15 64-bit relocatable bzImage: kernel bytes are a
 * pattern of their offset, the setup part a different one. */
void bzg_default(struct bzimage_gen *g);

void bzg_put8(struct bzimage_gen *g, size_t off, uint8_t v);
void bzg_put16(struct bzimage_gen *g, size_t off, uint16_t v);
void bzg_put32(struct bzimage_gen *g, size_t off, uint32_t v);
void bzg_put64(struct bzimage_gen *g, size_t off, uint64_t v);

/* Little-endian reads of any buffer. */
uint16_t bzg_get16(const uint8_t *p);
uint32_t bzg_get32(const uint8_t *p);
uint64_t bzg_get64(const uint8_t *p);

#endif
