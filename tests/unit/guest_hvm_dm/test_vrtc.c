/* SPDX-License-Identifier: MIT */
/* test_vrtc.c - CMOS time in BCD/binary and 12/24 h, clock setting, registers A-D, memory bytes. */
#include "unit.h"
#include "guest/hvm/dm/vrtc.h"

#define NS 1000000000ULL
/* 2026-03-14 15:09:26 UTC, a Saturday. */
#define PI_DAY 1773500966LL

static uint8_t rd(struct vrtc *r, uint8_t reg, uint64_t now)
{
    vrtc_write(r, VRTC_PORT_INDEX, reg, now);
    return vrtc_read(r, VRTC_PORT_DATA, now);
}

static void wr(struct vrtc *r, uint8_t reg, uint8_t val, uint64_t now)
{
    vrtc_write(r, VRTC_PORT_INDEX, reg, now);
    vrtc_write(r, VRTC_PORT_DATA, val, now);
}

UNIT_TEST(vrtc_bcd_24h)
{
    struct vrtc r;

    vrtc_reset(&r, PI_DAY);
    CHECK_EQ(rd(&r, 0x00, 0), 0x26);
    CHECK_EQ(rd(&r, 0x02, 0), 0x09);
    CHECK_EQ(rd(&r, 0x04, 0), 0x15);
    CHECK_EQ(rd(&r, 0x06, 0), 0x07);          /* Saturday */
    CHECK_EQ(rd(&r, 0x07, 0), 0x14);
    CHECK_EQ(rd(&r, 0x08, 0), 0x03);
    CHECK_EQ(rd(&r, 0x09, 0), 0x26);
    CHECK_EQ(rd(&r, 0x32, 0), 0x20);
    CHECK_EQ(rd(&r, 0x00, 34 * NS), 0x00);    /* time runs with now_ns */
    CHECK_EQ(rd(&r, 0x02, 34 * NS), 0x10);
    CHECK_EQ(rd(&r, 0x0b, 0), 0x02);
    CHECK_EQ(rd(&r, 0x0d, 0), 0x80);
    CHECK_EQ(vrtc_read(&r, VRTC_PORT_INDEX, 0), 0xff);
    CHECK_EQ(vrtc_read(&r, 0x72, 0), 0xff);
}

UNIT_TEST(vrtc_binary_12h_and_epoch_edges)
{
    struct vrtc r;

    vrtc_reset(&r, PI_DAY);
    wr(&r, 0x0b, 0x04, 0);                    /* binary, 12-hour */
    CHECK_EQ(rd(&r, 0x04, 0), 0x80 | 3);      /* 3 PM */
    CHECK_EQ(rd(&r, 0x00, 0), 26);
    vrtc_reset(&r, 0);                        /* 1970-01-01 00:00 Thursday */
    wr(&r, 0x0b, 0x00, 0);                    /* BCD 12-hour */
    CHECK_EQ(rd(&r, 0x04, 0), 0x12);          /* 12 AM */
    CHECK_EQ(rd(&r, 0x06, 0), 0x05);
    CHECK_EQ(rd(&r, 0x04, 12 * 3600 * NS), 0x92);  /* 12 PM */
    vrtc_reset(&r, -86400);                   /* 1969-12-31, before the epoch */
    CHECK_EQ(rd(&r, 0x07, 0), 0x31);
    CHECK_EQ(rd(&r, 0x08, 0), 0x12);
    CHECK_EQ(rd(&r, 0x09, 0), 0x69);
    CHECK_EQ(rd(&r, 0x32, 0), 0x19);
    CHECK_EQ(rd(&r, 0x06, 0), 0x04);          /* Wednesday */
    vrtc_reset(&r, 951782400LL);              /* 2000-02-29 */
    CHECK_EQ(rd(&r, 0x07, 0), 0x29);
    CHECK_EQ(rd(&r, 0x08, 0), 0x02);
}

UNIT_TEST(vrtc_set_clock)
{
    struct vrtc r;

    vrtc_reset(&r, PI_DAY);
    wr(&r, 0x0b, 0x82, 0);                    /* SET while writing, as hwclock does */
    wr(&r, 0x09, 0x27, 0);
    wr(&r, 0x08, 0x12, 0);
    wr(&r, 0x07, 0x25, 0);
    wr(&r, 0x04, 0x23, 0);
    wr(&r, 0x02, 0x59, 0);
    wr(&r, 0x00, 0x58, 0);
    wr(&r, 0x0b, 0x02, 0);
    CHECK_EQ(rd(&r, 0x00, 3 * NS), 0x01);     /* 2027-12-26 00:00:01 */
    CHECK_EQ(rd(&r, 0x07, 3 * NS), 0x26);
    CHECK_EQ(rd(&r, 0x09, 3 * NS), 0x27);
    /* Invalid values leave the clock alone. */
    wr(&r, 0x00, 0x60, 0);
    wr(&r, 0x02, 0x5a, 0);
    wr(&r, 0x04, 0x24, 0);
    wr(&r, 0x07, 0x00, 0);
    wr(&r, 0x08, 0x13, 0);
    wr(&r, 0x09, 0xa0, 0);
    wr(&r, 0x32, 0xff, 0);
    wr(&r, 0x06, 0x01, 0);                    /* day of week follows the date */
    CHECK_EQ(rd(&r, 0x00, 3 * NS), 0x01);
    CHECK_EQ(rd(&r, 0x06, 3 * NS), 0x01);     /* Sunday */
    wr(&r, 0x32, 0x21, 0);                    /* century */
    CHECK_EQ(rd(&r, 0x09, 3 * NS), 0x27);
    CHECK_EQ(rd(&r, 0x32, 3 * NS), 0x21);
    /* 12-hour writes: 12 AM is 0, PM adds 12; 13 is invalid. */
    wr(&r, 0x0b, 0x04, 0);
    wr(&r, 0x04, 0x8c, 0);                    /* 12 PM */
    wr(&r, 0x0b, 0x06, 0);
    CHECK_EQ(rd(&r, 0x04, 0), 12);
    wr(&r, 0x0b, 0x04, 0);
    wr(&r, 0x04, 13, 0);
    wr(&r, 0x04, 0x80, 0);
    wr(&r, 0x0b, 0x06, 0);
    CHECK_EQ(rd(&r, 0x04, 0), 12);
}

UNIT_TEST(vrtc_registers_and_periodic)
{
    struct vrtc r;

    vrtc_reset(&r, 0);
    CHECK_EQ(rd(&r, 0x0a, 0), 0x26);
    CHECK_EQ(rd(&r, 0x0a, NS - 1000), 0xa6);  /* update in progress */
    wr(&r, 0x0a, 0xff, 0);
    CHECK_EQ(rd(&r, 0x0a, 0), 0x7f);
    wr(&r, 0x0c, 0xff, 0);                    /* C and D are read-only */
    wr(&r, 0x0d, 0x00, 0);
    CHECK_EQ(rd(&r, 0x0c, 0), 0);
    CHECK_EQ(rd(&r, 0x0d, 0), 0x80);
    CHECK_EQ(vrtc_next_ns(&r), 0);
    wr(&r, 0x0a, 0x26, 0);
    wr(&r, 0x0b, 0x42, 1000);                 /* PIE at 1024 Hz */
    CHECK_EQ(vrtc_next_ns(&r), 1000 + 976562);
    CHECK(!vrtc_advance(&r, 1000));
    CHECK(vrtc_advance(&r, 1000 + 976562));
    CHECK(vrtc_irq(&r));
    CHECK_EQ(vrtc_next_ns(&r), 1000 + 2 * 976562);
    CHECK_EQ(rd(&r, 0x0c, 0), 0xc0);          /* IRQF | PF, then cleared */
    CHECK(!vrtc_irq(&r));
    CHECK(vrtc_advance(&r, 1000 + 10 * 976562 + 7));
    CHECK_EQ(vrtc_next_ns(&r), 1000 + 11 * 976562);
    wr(&r, 0x0a, 0x21, 0);                    /* rate 1 = 256 Hz */
    CHECK_EQ(vrtc_next_ns(&r), 3906250);
    wr(&r, 0x0a, 0x20, 0);                    /* rate 0: off */
    CHECK_EQ(vrtc_next_ns(&r), 0);
    CHECK(vrtc_advance(&r, 1ULL << 40));      /* IRQF still set from before */
    /* Index port: NMI mask bit and RAM bytes. */
    vrtc_write(&r, VRTC_PORT_INDEX, 0x80 | 0x40, 0);
    CHECK(r.nmi_disabled);
    vrtc_write(&r, VRTC_PORT_DATA, 0x5a, 0);
    CHECK_EQ(rd(&r, 0x40, 0), 0x5a);
    vrtc_write(&r, 0x72, 1, 0);               /* not an RTC port */
    CHECK_EQ(rd(&r, 0x01, 0), 0);             /* alarm seconds: plain byte */
}

UNIT_TEST(vrtc_memory_bytes)
{
    struct vrtc r;

    vrtc_reset(&r, 0);
    vrtc_set_memory(&r, 3ULL << 30, 2ULL << 30);
    CHECK_EQ(rd(&r, 0x15, 0) | rd(&r, 0x16, 0) << 8, 640);
    CHECK_EQ(rd(&r, 0x30, 0) | rd(&r, 0x31, 0) << 8, 0xffff);   /* capped */
    CHECK_EQ(rd(&r, 0x17, 0) | rd(&r, 0x18, 0) << 8, 0xffff);
    CHECK_EQ(rd(&r, 0x34, 0) | rd(&r, 0x35, 0) << 8, ((3ULL << 30) - (16ULL << 20)) >> 16);
    CHECK_EQ(rd(&r, 0x5b, 0) | rd(&r, 0x5c, 0) << 8 | rd(&r, 0x5d, 0) << 16, (2ULL << 30) >> 16);
    vrtc_set_memory(&r, 8ULL << 20, 1ULL << 50);
    CHECK_EQ(rd(&r, 0x30, 0) | rd(&r, 0x31, 0) << 8, 7 * 1024);
    CHECK_EQ(rd(&r, 0x34, 0) | rd(&r, 0x35, 0) << 8, 0);
    CHECK_EQ(rd(&r, 0x5b, 0) | rd(&r, 0x5c, 0) << 8 | rd(&r, 0x5d, 0) << 16, 0xffffff);
    vrtc_set_memory(&r, 0, 0);
    CHECK_EQ(rd(&r, 0x30, 0), 0);
    /* The checksum covers 0x10-0x2d. */
    unsigned int sum = 0;
    for (uint8_t i = 0x10; i <= 0x2d; i++)
        sum += rd(&r, i, 0);
    CHECK_EQ(rd(&r, 0x2e, 0) << 8 | rd(&r, 0x2f, 0), sum);
}
