/* SPDX-License-Identifier: MIT */
/* test_vioapic.c - I/O APIC registers, edge and level delivery, remote IRR and masking. */
#include "unit.h"
#include "guest/hvm/dm/vioapic.h"

static uint32_t reg_read(struct vioapic *io, uint32_t reg)
{
    vioapic_write(io, VIOAPIC_REGSEL, reg);
    return vioapic_read(io, VIOAPIC_WINDOW);
}

static void reg_write(struct vioapic *io, uint32_t reg, uint32_t val)
{
    vioapic_write(io, VIOAPIC_REGSEL, reg);
    vioapic_write(io, VIOAPIC_WINDOW, val);
}

static void set_rte(struct vioapic *io, unsigned int pin, uint64_t rte)
{
    reg_write(io, 0x11 + 2 * pin, (uint32_t)(rte >> 32));
    reg_write(io, 0x10 + 2 * pin, (uint32_t)rte);
}

UNIT_TEST(vioapic_identity_registers)
{
    struct vioapic io;

    vioapic_reset(&io, 4);
    CHECK_EQ(reg_read(&io, 0), 4U << 24);
    CHECK_EQ(reg_read(&io, 1), 0x00170011);
    CHECK_EQ(reg_read(&io, 2), 4U << 24);
    reg_write(&io, 0, 0x0f000000);
    CHECK_EQ(reg_read(&io, 0), 0x0f000000);
    reg_write(&io, 1, 0);                     /* read-only */
    CHECK_EQ(reg_read(&io, 1), 0x00170011);
    CHECK_EQ(vioapic_read(&io, VIOAPIC_REGSEL), 1);
    vioapic_write(&io, VIOAPIC_REGSEL, 0x1ff); /* 8-bit index */
    CHECK_EQ(vioapic_read(&io, VIOAPIC_REGSEL), 0xff);
    /* Out-of-range indexes read 0 and ignore writes. */
    CHECK_EQ(reg_read(&io, 0x40), 0);
    CHECK_EQ(reg_read(&io, 0x05), 0);
    reg_write(&io, 0x40, 0x1234);
    CHECK_EQ(vioapic_read(&io, 0x20), 0);      /* not a register offset */
    vioapic_write(&io, 0x40, 0x99);           /* no EOI register on 0x11 */
    /* Every pin starts masked. */
    for (unsigned int pin = 0; pin < VIOAPIC_NR_PINS; pin++)
        CHECK_EQ(reg_read(&io, 0x10 + 2 * pin), VIOAPIC_RTE_MASKED);
}

UNIT_TEST(vioapic_rte_readonly_bits)
{
    struct vioapic io;

    vioapic_reset(&io, 0);
    set_rte(&io, 3, 0xff000000ffffffffULL);
    /* delivery status and remote IRR are read-only; reserved high bits too. */
    CHECK_EQ(reg_read(&io, 0x16), 0x0001afff);
    CHECK_EQ(reg_read(&io, 0x17), 0xff000000);
}

UNIT_TEST(vioapic_edge_delivery)
{
    struct vioapic io;
    struct vioapic_msg msg;

    vioapic_reset(&io, 0);
    CHECK(!vioapic_next(&io, &msg));
    set_rte(&io, 2, 0x0100000000000830ULL);   /* vector 0x30, logical, dest 1 */
    vioapic_set_irq(&io, 2, true);
    CHECK_EQ(reg_read(&io, 0x14) & VIOAPIC_RTE_STATUS, VIOAPIC_RTE_STATUS);
    CHECK(vioapic_next(&io, &msg));
    CHECK_EQ(msg.vector, 0x30);
    CHECK_EQ(msg.pin, 2);
    CHECK(msg.logical);
    CHECK(!msg.level);
    CHECK_EQ(msg.dest, 1);
    CHECK_EQ(msg.delivery_mode, 0);
    CHECK(!vioapic_next(&io, &msg));
    vioapic_set_irq(&io, 2, true);            /* no new edge */
    CHECK(!vioapic_next(&io, &msg));
    vioapic_set_irq(&io, 2, false);
    vioapic_set_irq(&io, 2, true);
    CHECK(vioapic_next(&io, &msg));
    /* A masked edge is lost, unmasking does not replay it. */
    set_rte(&io, 2, 0x30 | VIOAPIC_RTE_MASKED);
    vioapic_set_irq(&io, 2, false);
    vioapic_set_irq(&io, 2, true);
    set_rte(&io, 2, 0x30);
    CHECK(!vioapic_next(&io, &msg));
    /* Masking a pending edge drops it. */
    vioapic_set_irq(&io, 2, false);
    vioapic_set_irq(&io, 2, true);
    set_rte(&io, 2, 0x30 | VIOAPIC_RTE_MASKED);
    CHECK(!vioapic_next(&io, &msg));
    vioapic_set_irq(&io, 24, true);           /* no such pin */
    vioapic_set_irq(&io, 1000, true);
    CHECK(!vioapic_next(&io, &msg));
}

UNIT_TEST(vioapic_level_remote_irr)
{
    struct vioapic io;
    struct vioapic_msg msg;

    vioapic_reset(&io, 0);
    set_rte(&io, 9, VIOAPIC_RTE_LEVEL | VIOAPIC_RTE_MASKED | 0x41);
    vioapic_set_irq(&io, 9, true);
    CHECK(!vioapic_next(&io, &msg));          /* masked level waits */
    set_rte(&io, 9, VIOAPIC_RTE_LEVEL | 0x41);
    CHECK(vioapic_next(&io, &msg));
    CHECK(msg.level);
    CHECK_EQ(reg_read(&io, 0x22) & VIOAPIC_RTE_REMOTE_IRR, VIOAPIC_RTE_REMOTE_IRR);
    CHECK(!vioapic_next(&io, &msg));          /* remote IRR blocks */
    vioapic_eoi(&io, 0x42);                   /* other vector */
    CHECK(!vioapic_next(&io, &msg));
    vioapic_eoi(&io, 0x41);                   /* line still high: again */
    CHECK(vioapic_next(&io, &msg));
    vioapic_set_irq(&io, 9, false);
    vioapic_eoi(&io, 0x41);
    CHECK(!vioapic_next(&io, &msg));
    CHECK_EQ(reg_read(&io, 0x22) & VIOAPIC_RTE_REMOTE_IRR, 0);
    /* Remote IRR set, then software turns the pin edge: IRR cleared. */
    vioapic_set_irq(&io, 9, true);
    CHECK(vioapic_next(&io, &msg));
    set_rte(&io, 9, 0x41);
    CHECK_EQ(reg_read(&io, 0x22) & VIOAPIC_RTE_REMOTE_IRR, 0);
}

UNIT_TEST(vioapic_lowest_pin_first)
{
    struct vioapic io;
    struct vioapic_msg msg;

    vioapic_reset(&io, 0);
    set_rte(&io, 23, 0x0300000000000551ULL);  /* INIT mode, dest 3 */
    set_rte(&io, 4, 0x50);
    vioapic_set_irq(&io, 23, true);
    vioapic_set_irq(&io, 4, true);
    CHECK(vioapic_next(&io, &msg));
    CHECK_EQ(msg.pin, 4);
    CHECK(vioapic_next(&io, &msg));
    CHECK_EQ(msg.pin, 23);
    CHECK_EQ(msg.delivery_mode, 5);
    CHECK_EQ(msg.dest, 3);
    CHECK(!msg.logical);
}

UNIT_TEST(vioapic_pending_beyond_the_pins_is_dropped)
{
    struct vioapic io;
    struct vioapic_msg msg;

    vioapic_reset(&io, 0);
    io.pending = 1U << 30;                    /* no such pin: state never made by the API */
    CHECK(!vioapic_next(&io, &msg));
    CHECK_EQ(io.pending, 0);
}
