/* SPDX-License-Identifier: MIT */
/* test_vpit.c - 8254 counters against elapsed time: modes, latches, read-back, gate 2 via port 0x61. */
#include "unit.h"
#include "guest/hvm/dm/vpit.h"

/* ns for n PIT ticks (rounded up, as the model schedules them). */
static uint64_t ticks_ns(uint64_t n)
{
    return (n * 1000000000ULL + VPIT_HZ - 1) / VPIT_HZ;
}

static uint16_t read_word(struct vpit *pit, uint16_t port, uint64_t now)
{
    uint8_t lo = vpit_read(pit, port, now);

    return (uint16_t)(lo | vpit_read(pit, port, now) << 8);
}

UNIT_TEST(vpit_reset_state)
{
    struct vpit pit;

    vpit_reset(&pit);
    CHECK_EQ(vpit_next_irq_ns(&pit), 0);
    CHECK(!vpit_advance(&pit, 1000000000ULL));
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_CONTROL, 0), 0xff);
    CHECK_EQ(vpit_read(&pit, 0x50, 0), 0xff);
    vpit_write(&pit, 0x50, 1, 0);             /* not a PIT port */
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, 0) & 0x03, 0);
}

UNIT_TEST(vpit_linux_periodic_channel0)
{
    struct vpit pit;
    uint64_t start = 1000;

    vpit_reset(&pit);
    /* Linux's PIT clockevent, periodic: mode 2, LATCH = 1193182 / 250 ~ 4773. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x34, start);
    vpit_write(&pit, 0x40, 4773 & 0xff, start);
    CHECK_EQ(vpit_next_irq_ns(&pit), 0);      /* half a count: not loaded */
    vpit_write(&pit, 0x40, 4773 >> 8, start);
    CHECK_EQ(vpit_next_irq_ns(&pit), start + ticks_ns(4773));
    CHECK(!vpit_advance(&pit, start + ticks_ns(4773) - 1));
    CHECK(vpit_advance(&pit, start + ticks_ns(4773)));
    CHECK_EQ(vpit_next_irq_ns(&pit), start + ticks_ns(2 * 4773));
    CHECK(!vpit_advance(&pit, start + ticks_ns(4773) + 10));
    /* Ten periods late: one edge, the next on the period grid. */
    CHECK(vpit_advance(&pit, start + ticks_ns(12 * 4773) + 5));
    CHECK_EQ(vpit_next_irq_ns(&pit), start + ticks_ns(13 * 4773));
    /* Counter reads count down from the reload within a period. */
    CHECK_EQ(read_word(&pit, 0x40, start + ticks_ns(100)), 4773 - 100);
}

UNIT_TEST(vpit_oneshot_modes)
{
    struct vpit pit;

    vpit_reset(&pit);
    /* Linux's oneshot clockevent: mode 4, low then high byte. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x38, 0);
    vpit_write(&pit, 0x40, 100, 0);
    vpit_write(&pit, 0x40, 0, 0);
    CHECK(vpit_advance(&pit, ticks_ns(100)));
    CHECK_EQ(vpit_next_irq_ns(&pit), 0);
    CHECK(!vpit_advance(&pit, ticks_ns(100000)));   /* once */
    /* Mode 0 (shutdown writes 0,0): terminal count after 65536 ticks. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x30, 0);
    vpit_write(&pit, 0x40, 0, 0);
    vpit_write(&pit, 0x40, 0, 0);
    CHECK_EQ(vpit_next_irq_ns(&pit), ticks_ns(65536));
    CHECK(vpit_advance(&pit, ticks_ns(65536)));
    /* The counter keeps wrapping after terminal count in mode 0. */
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(65536 + 10)), 0x10000 - 10);
    /* Mode 3 square wave, byte-only access modes. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x16, 0);     /* ch0 LSB only, mode 3 */
    vpit_write(&pit, 0x40, 200, 0);
    CHECK_EQ(vpit_read(&pit, 0x40, ticks_ns(10)), 180);
    CHECK(vpit_advance(&pit, ticks_ns(200)));
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x26, 0);     /* MSB only */
    vpit_write(&pit, 0x40, 1, 0);                     /* 256 */
    CHECK_EQ(vpit_read(&pit, 0x40, ticks_ns(0)), 1);
    CHECK_EQ(vpit_next_irq_ns(&pit), ticks_ns(256));
    /* Mode 3 with count 1 and modes 6/7 as 2/3. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x1e, 0);     /* mode 7 = 3 */
    vpit_write(&pit, 0x40, 1, 0);
    CHECK_EQ(vpit_read(&pit, 0x40, ticks_ns(5)), 0);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xe2, 0);     /* read-back status ch0 */
    CHECK_EQ(vpit_read(&pit, 0x40, ticks_ns(5)) & 0x0e, 0x06);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x1c, 0);     /* mode 6 = 2 */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xe2, 0);
    CHECK_EQ(vpit_read(&pit, 0x40, 0), 0xd4);         /* OUT high, null count, LSB, mode 2 */
}

UNIT_TEST(vpit_latch_and_readback)
{
    struct vpit pit;

    vpit_reset(&pit);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x34, 0);
    vpit_write(&pit, 0x40, 0x00, 0);
    vpit_write(&pit, 0x40, 0x10, 0);          /* 4096 */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x00, ticks_ns(96));   /* latch */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x00, ticks_ns(500));  /* ignored: held */
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(1000)), 4000);
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(1000)), 3096);     /* live again */
    /* Read-back: status then count, status first. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xc2, ticks_ns(2096));
    CHECK_EQ(vpit_read(&pit, 0x40, ticks_ns(3000)), 0xb4);     /* OUT high, lo/hi, mode 2 */
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(3000)), 2000);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xd2, ticks_ns(2096)); /* count only */
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(3000)), 2000);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xe2, ticks_ns(2096)); /* status only */
    CHECK_EQ(vpit_read(&pit, 0x40, 0), 0xb4);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xe2, ticks_ns(2096));
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xe2, ticks_ns(2096)); /* second status latch ignored */
    CHECK_EQ(vpit_read(&pit, 0x40, 0), 0xb4);
    /* Count read across a reload: counts back up after the period. */
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(4095)), 1);
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(4096)), 4096 & 0xffff);
    CHECK_EQ(read_word(&pit, 0x40, ticks_ns(4097)), 4095);
    /* A new control word drops a pending latch. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x00, 0);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x34, 0);
    CHECK_EQ(read_word(&pit, 0x40, 0), 4096 & 0xffff);         /* not loaded yet: the old count */
}

UNIT_TEST(vpit_channel2_through_port61)
{
    struct vpit pit;
    uint64_t t0 = 5000000;

    vpit_reset(&pit);
    /* Linux's pit_calibrate_tsc: gate high, speaker off, mode 0, 0xffff. */
    vpit_write(&pit, VPIT_PORT_SYSCTL, 0x01, t0);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xb0, t0);
    vpit_write(&pit, VPIT_PORT_CH2, 0xff, t0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0) & 0x20, 0);   /* OUT2 low while counting */
    vpit_write(&pit, VPIT_PORT_CH2, 0xff, t0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0) & 0x21, 0x01);
    /* quick_pit_calibrate reads the MSB falling in real time. */
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_CH2, t0 + ticks_ns(256)), 0xff);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_CH2, t0 + ticks_ns(256)), 0xfe);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(0xfffe)) & 0x20, 0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(0xffff)) & 0x20, 0x20);
    /* Gate low pauses mode 0; high resumes without reloading. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xb0, t0);
    vpit_write(&pit, VPIT_PORT_CH2, 0x00, t0);
    vpit_write(&pit, VPIT_PORT_CH2, 0x10, t0);            /* 4096 */
    vpit_write(&pit, VPIT_PORT_SYSCTL, 0x00, t0 + ticks_ns(1000));
    CHECK_EQ(read_word(&pit, VPIT_PORT_CH2, t0 + ticks_ns(3000)), 3096);
    vpit_write(&pit, VPIT_PORT_SYSCTL, 0x03, t0 + ticks_ns(3000));
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(3000)) & 0x03, 0x03);
    CHECK_EQ(read_word(&pit, VPIT_PORT_CH2, t0 + ticks_ns(3000) + ticks_ns(96)), 3000);
    vpit_write(&pit, VPIT_PORT_SYSCTL, 0x03, t0);          /* same gate: nothing */
    /* Mode 2 reloads on a rising gate. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xb4, t0);
    vpit_write(&pit, VPIT_PORT_CH2, 100, t0);
    vpit_write(&pit, VPIT_PORT_CH2, 0, t0);
    vpit_write(&pit, VPIT_PORT_SYSCTL, 0x00, t0 + ticks_ns(30));
    vpit_write(&pit, VPIT_PORT_SYSCTL, 0x01, t0 + ticks_ns(50));
    CHECK_EQ(read_word(&pit, VPIT_PORT_CH2, t0 + ticks_ns(50)), 100);
    /* OUT in modes 1, 2, 4 around terminal count. */
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(50) + ticks_ns(99)) & 0x20, 0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(50) + ticks_ns(100)) & 0x20, 0x20);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x98, t0);        /* mode 4, LSB */
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0) & 0x20, 0x20);
    vpit_write(&pit, VPIT_PORT_CH2, 10, t0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(10)) & 0x20, 0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(11)) & 0x20, 0x20);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x92, t0);        /* mode 1 */
    vpit_write(&pit, VPIT_PORT_CH2, 10, t0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(5)) & 0x20, 0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(10)) & 0x20, 0x20);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x96, t0);        /* mode 3, count 10 */
    vpit_write(&pit, VPIT_PORT_CH2, 10, t0);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(2)) & 0x20, 0x20);
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_SYSCTL, t0 + ticks_ns(7)) & 0x20, 0);
    /* Read-back of channels 1 and 2 at once: each latches its own status. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x50, t0);         /* ch1: LSB, mode 0 */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0xec, t0);         /* status of ch1 and ch2 */
    CHECK_EQ(vpit_read(&pit, 0x41, t0), 0x50);             /* OUT low, null count, LSB, mode 0 */
    CHECK_EQ(vpit_read(&pit, VPIT_PORT_CH2, t0 + ticks_ns(2)), 0x96);   /* mode 3, OUT high */
    /* The refresh bit toggles with time. */
    CHECK((vpit_read(&pit, VPIT_PORT_SYSCTL, 0) & 0x10) != (vpit_read(&pit, VPIT_PORT_SYSCTL, 15085) & 0x10));
}

UNIT_TEST(vpit_mode0_first_byte_stops)
{
    struct vpit pit;

    vpit_reset(&pit);
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x30, 0);
    vpit_write(&pit, 0x40, 0x00, 0);
    vpit_write(&pit, 0x40, 0x01, 0);          /* 256 */
    vpit_write(&pit, 0x40, 0x80, ticks_ns(10));
    CHECK_EQ(vpit_next_irq_ns(&pit), 0);      /* stopped until the high byte */
    CHECK(!vpit_advance(&pit, ticks_ns(1000)));
    vpit_write(&pit, 0x40, 0x00, ticks_ns(10));
    CHECK_EQ(vpit_next_irq_ns(&pit), ticks_ns(10) + ticks_ns(128));
    /* Gate 0 cannot be lowered: channel 0's next IRQ needs a rising gate only for ch2. */
    vpit_write(&pit, VPIT_PORT_CONTROL, 0x50, 0);   /* ch1 mode 0 LSB */
    vpit_write(&pit, 0x41, 5, 0);
    CHECK_EQ(vpit_read(&pit, 0x41, ticks_ns(2)), 3);
}
