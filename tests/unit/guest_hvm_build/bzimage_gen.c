/* SPDX-License-Identifier: MIT */
/* bzimage_gen.c - synthetic bzImages for the HVM builder tests, edited field by field. */
#include "bzimage_gen.h"

#include <string.h>

void bzg_put8(struct bzimage_gen *g, size_t off, uint8_t v)
{
    g->image[off] = v;
}

void bzg_put16(struct bzimage_gen *g, size_t off, uint16_t v)
{
    bzg_put8(g, off, (uint8_t)v);
    bzg_put8(g, off + 1, (uint8_t)(v >> 8));
}

void bzg_put32(struct bzimage_gen *g, size_t off, uint32_t v)
{
    bzg_put16(g, off, (uint16_t)v);
    bzg_put16(g, off + 2, (uint16_t)(v >> 16));
}

void bzg_put64(struct bzimage_gen *g, size_t off, uint64_t v)
{
    bzg_put32(g, off, (uint32_t)v);
    bzg_put32(g, off + 4, (uint32_t)(v >> 32));
}

uint16_t bzg_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t bzg_get32(const uint8_t *p)
{
    return bzg_get16(p) | (uint32_t)bzg_get16(p + 2) << 16;
}

uint64_t bzg_get64(const uint8_t *p)
{
    return bzg_get32(p) | (uint64_t)bzg_get32(p + 4) << 32;
}

void bzg_default(struct bzimage_gen *g)
{
    memset(g, 0, sizeof(*g));
    g->len = BZG_SETUP_BYTES + BZG_KERNEL_LEN;
    for (size_t i = 0; i < BZG_SETUP_BYTES; i++)
        g->image[i] = (uint8_t)(0xa0 ^ i);
    for (size_t i = 0; i < BZG_KERNEL_LEN; i++)
        g->image[BZG_SETUP_BYTES + i] = (uint8_t)(i * 7 + 1);
    /* the header region itself: zero, then the fields */
    memset(g->image + 0x1f1, 0, 0x290 - 0x1f1);
    bzg_put8(g, 0x1f1, BZG_SETUP_SECTS);
    bzg_put32(g, 0x1f4, BZG_KERNEL_LEN / 16);
    bzg_put16(g, 0x1fa, 0xffff);                 /* vid_mode: normal */
    bzg_put16(g, 0x1fe, 0xaa55);
    bzg_put8(g, 0x200, 0xeb);                    /* jmp short */
    bzg_put8(g, 0x201, 0x6a);                    /* header ends at 0x26c */
    memcpy(g->image + 0x202, "HdrS", 4);
    bzg_put16(g, 0x206, 0x020f);
    bzg_put8(g, 0x211, 0x01);                    /* LOADED_HIGH */
    bzg_put32(g, 0x22c, 0x7fffffff);             /* initrd_addr_max */
    bzg_put32(g, 0x230, BZG_ALIGN);
    bzg_put8(g, 0x234, 1);                       /* relocatable */
    bzg_put8(g, 0x235, 21);                      /* min_alignment */
    bzg_put16(g, 0x236, 0x0003);                 /* XLF_KERNEL_64 | CAN_BE_LOADED_ABOVE_4G */
    bzg_put32(g, 0x238, BZG_CMDLINE_SIZE);
    bzg_put64(g, 0x258, BZG_PREF);
    bzg_put32(g, 0x260, BZG_INIT_SIZE);
    bzg_put32(g, 0x268, 0x12345);                /* kernel_info_offset: copied as is */
    memset(g->image + 0x26c, 0xee, 0x290 - 0x26c);  /* past the header: never copied */
}
