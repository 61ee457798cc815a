/* SPDX-License-Identifier: MIT */
/* test_vpic.c - the 8259A pair as Linux's i8259.c programs it, plus odd commands. */
#include "unit.h"
#include "guest/hvm/dm/vpic.h"

/* Linux's init_8259A(auto_eoi = 0): vectors 0x30 / 0x38, cascade on IR2. */
static void linux_init(struct vpic *pic, bool auto_eoi)
{
    vpic_reset(pic);
    vpic_write(pic, 0x21, 0xff);
    vpic_write(pic, 0xa1, 0xff);
    vpic_write(pic, 0x20, 0x11);            /* ICW1: edge, cascade, ICW4 */
    vpic_write(pic, 0x21, 0x30);            /* ICW2 */
    vpic_write(pic, 0x21, 0x04);            /* ICW3: slave on IR2 */
    vpic_write(pic, 0x21, auto_eoi ? 0x03 : 0x01);
    vpic_write(pic, 0xa0, 0x11);
    vpic_write(pic, 0xa1, 0x38);
    vpic_write(pic, 0xa1, 0x02);
    vpic_write(pic, 0xa1, 0x01);
    vpic_write(pic, 0x21, 0xfb);            /* everything masked but the cascade */
    vpic_write(pic, 0xa1, 0xff);
}

UNIT_TEST(vpic_reset_is_quiet)
{
    struct vpic pic;

    vpic_reset(&pic);
    vpic_set_irq(&pic, 1, true);
    CHECK(!vpic_output(&pic));
    CHECK_EQ(vpic_pending_vector(&pic), VPIC_NONE);
    CHECK_EQ(vpic_read(&pic, 0x21), 0xff);
    CHECK_EQ(vpic_read(&pic, 0xa1), 0xff);
    CHECK_EQ(vpic_read(&pic, 0x1234), 0xff);
    vpic_write(&pic, 0x1234, 0);            /* not a PIC port: ignored */
}

UNIT_TEST(vpic_edge_irq_ack_eoi)
{
    struct vpic pic;

    linux_init(&pic, false);
    vpic_write(&pic, 0x21, 0xfa);           /* unmask IRQ0 */
    vpic_set_irq(&pic, 0, true);
    CHECK(vpic_output(&pic));
    CHECK_EQ(vpic_pending_vector(&pic), 0x30);
    CHECK_EQ(vpic_read(&pic, 0x20), 0x01);  /* IRR by default */
    CHECK_EQ(vpic_ack(&pic), 0x30);
    CHECK(!vpic_output(&pic));
    vpic_write(&pic, 0x20, 0x0b);           /* OCW3: read ISR */
    CHECK_EQ(vpic_read(&pic, 0x20), 0x01);
    /* A second edge while in service waits for the EOI. */
    vpic_set_irq(&pic, 0, false);
    vpic_set_irq(&pic, 0, true);
    CHECK(!vpic_output(&pic));
    vpic_write(&pic, 0x20, 0x60);           /* specific EOI, IR0 (Linux) */
    CHECK_EQ(vpic_read(&pic, 0x20), 0x00);
    CHECK(vpic_output(&pic));
    CHECK_EQ(vpic_ack(&pic), 0x30);
    vpic_write(&pic, 0x20, 0x20);           /* non-specific EOI */
    vpic_write(&pic, 0x20, 0x0a);
    CHECK_EQ(vpic_read(&pic, 0x20), 0x00);
    /* A held line gives no new edge. */
    CHECK(!vpic_output(&pic));
}

UNIT_TEST(vpic_masked_and_priority)
{
    struct vpic pic;

    linux_init(&pic, false);
    vpic_set_irq(&pic, 3, true);
    CHECK(!vpic_output(&pic));              /* masked, but latched in IRR */
    CHECK_EQ(vpic_read(&pic, 0x20) & 0x08, 0x08);
    vpic_write(&pic, 0x21, 0x00);
    vpic_set_irq(&pic, 1, true);
    CHECK_EQ(vpic_ack(&pic), 0x31);         /* IR1 beats IR3 */
    /* IR3 is lower priority than IR1 in service: blocked. */
    CHECK(!vpic_output(&pic));
    vpic_write(&pic, 0x20, 0x20);
    CHECK_EQ(vpic_ack(&pic), 0x33);
    /* A higher request interrupts a lower one in service. */
    vpic_set_irq(&pic, 0, true);
    CHECK_EQ(vpic_pending_vector(&pic), 0x30);
}

UNIT_TEST(vpic_slave_cascade)
{
    struct vpic pic;

    linux_init(&pic, false);
    vpic_write(&pic, 0xa1, 0xfe);           /* unmask IRQ8 */
    vpic_set_irq(&pic, 8, true);
    CHECK(vpic_output(&pic));
    CHECK_EQ(vpic_pending_vector(&pic), 0x38);
    CHECK_EQ(vpic_ack(&pic), 0x38);
    CHECK(!vpic_output(&pic));
    vpic_write(&pic, 0xa0, 0x60);           /* slave EOI for IR0 */
    vpic_write(&pic, 0x20, 0x62);           /* master EOI for IR2 */
    vpic_write(&pic, 0xa0, 0x0b);
    CHECK_EQ(vpic_read(&pic, 0xa0), 0);
    vpic_write(&pic, 0x20, 0x0b);
    CHECK_EQ(vpic_read(&pic, 0x20), 0);
    vpic_set_irq(&pic, 2, true);            /* the cascade input is not an IRQ */
    vpic_set_irq(&pic, 16, true);           /* out of range */
    CHECK(!vpic_output(&pic));
}

UNIT_TEST(vpic_spurious)
{
    struct vpic pic;

    linux_init(&pic, false);
    CHECK_EQ(vpic_ack(&pic), 0x37);          /* nothing requested: IR7 */
    vpic_write(&pic, 0x20, 0x0b);
    CHECK_EQ(vpic_read(&pic, 0x20), 0);      /* and nothing in service */
    /* The slave request vanished between INT and INTA: slave IR7. */
    vpic_write(&pic, 0xa1, 0xfe);
    vpic_set_irq(&pic, 8, true);
    vpic_write(&pic, 0xa1, 0xff);            /* the master still latched IR2 */
    CHECK_EQ(vpic_pending_vector(&pic), 0x3f);
    CHECK_EQ(vpic_ack(&pic), 0x3f);
}

UNIT_TEST(vpic_auto_eoi_and_rotation)
{
    struct vpic pic;

    linux_init(&pic, true);
    vpic_write(&pic, 0x21, 0x00);
    vpic_set_irq(&pic, 4, true);
    CHECK_EQ(vpic_ack(&pic), 0x34);
    vpic_write(&pic, 0x20, 0x0b);
    CHECK_EQ(vpic_read(&pic, 0x20), 0);      /* AEOI: nothing in service */
    /* Rotate in AEOI: IR4 becomes lowest, IR5 highest. */
    vpic_write(&pic, 0x20, 0x80);
    vpic_set_irq(&pic, 4, false);
    vpic_set_irq(&pic, 4, true);
    CHECK_EQ(vpic_ack(&pic), 0x34);
    vpic_set_irq(&pic, 0, true);
    vpic_set_irq(&pic, 5, true);
    CHECK_EQ(vpic_ack(&pic), 0x35);
    vpic_write(&pic, 0x20, 0x00);            /* rotate in AEOI clear */
    vpic_write(&pic, 0x20, 0xc7);            /* set priority: IR7 lowest */
    CHECK_EQ(vpic_ack(&pic), 0x30);
    vpic_write(&pic, 0x20, 0x40);            /* no operation */
}

UNIT_TEST(vpic_rotate_on_eoi_and_special_mask)
{
    struct vpic pic;

    linux_init(&pic, false);
    vpic_write(&pic, 0x21, 0x00);
    vpic_set_irq(&pic, 1, true);
    CHECK_EQ(vpic_ack(&pic), 0x31);
    vpic_write(&pic, 0x20, 0xa0);            /* rotate on non-specific EOI: IR1 lowest */
    vpic_set_irq(&pic, 1, false);
    vpic_set_irq(&pic, 1, true);
    vpic_set_irq(&pic, 3, true);
    CHECK_EQ(vpic_ack(&pic), 0x33);          /* IR3 now outranks IR1 */
    vpic_write(&pic, 0x20, 0xe3);            /* rotate on specific EOI IR3 */
    /* Special mask mode: an in-service IR3 masked lets IR1 through. */
    vpic_set_irq(&pic, 3, false);
    vpic_set_irq(&pic, 3, true);
    vpic_write(&pic, 0x20, 0xc0);            /* IR0 lowest: IR1 highest */
    CHECK_EQ(vpic_ack(&pic), 0x31);
    vpic_write(&pic, 0x20, 0x68);            /* SMM on */
    vpic_write(&pic, 0x21, 0x02);            /* mask IR1 (in service) */
    CHECK_EQ(vpic_ack(&pic), 0x33);
    vpic_write(&pic, 0x20, 0x48);            /* SMM off */
    vpic_write(&pic, 0x20, 0x20);
    vpic_write(&pic, 0x20, 0x20);
    vpic_write(&pic, 0x20, 0x20);            /* EOI with nothing in service */
    vpic_write(&pic, 0x20, 0x0b);
    CHECK_EQ(vpic_read(&pic, 0x20), 0);
}

UNIT_TEST(vpic_poll_and_elcr)
{
    struct vpic pic;

    linux_init(&pic, false);
    vpic_write(&pic, 0x21, 0x00);
    vpic_write(&pic, 0x20, 0x0c);            /* poll: nothing */
    CHECK_EQ(vpic_read(&pic, 0x20), 0x00);
    vpic_set_irq(&pic, 5, true);
    vpic_write(&pic, 0x20, 0x0c);
    CHECK_EQ(vpic_read(&pic, 0x20), 0x85);   /* poll acknowledges IR5 */
    CHECK(!vpic_output(&pic));
    vpic_write(&pic, 0x20, 0x65);
    /* ELCR: IRQ0-2 cannot be level; IR5 level follows its line. */
    vpic_write(&pic, 0x4d0, 0xff);
    CHECK_EQ(vpic_read(&pic, 0x4d0), 0xf8);
    vpic_write(&pic, 0x4d1, 0xff);
    CHECK_EQ(vpic_read(&pic, 0x4d1), 0xde);
    CHECK_EQ(vpic_ack(&pic), 0x35);          /* line still high: level request */
    vpic_write(&pic, 0x20, 0x65);
    CHECK(vpic_output(&pic));                /* re-raised after EOI */
    vpic_set_irq(&pic, 5, false);
    CHECK(!vpic_output(&pic));               /* level drops with the line */
}

UNIT_TEST(vpic_single_mode_no_icw4)
{
    struct vpic pic;

    vpic_reset(&pic);
    vpic_write(&pic, 0x20, 0x12);            /* single, no ICW4 */
    vpic_write(&pic, 0x21, 0x48);
    vpic_write(&pic, 0x21, 0x00);            /* OCW1 at once */
    vpic_set_irq(&pic, 2, true);             /* ignored: cascade pin */
    vpic_set_irq(&pic, 6, true);
    CHECK_EQ(vpic_pending_vector(&pic), 0x4e);
    CHECK_EQ(vpic_ack(&pic), 0x4e);
    vpic_write(&pic, 0x20, 0x13);            /* single with ICW4 */
    vpic_write(&pic, 0x21, 0x50);
    vpic_write(&pic, 0x21, 0x10);            /* ICW4: fully nested */
    vpic_write(&pic, 0x20, 0x10);            /* cascade, no ICW4: ICW3 ends it */
    vpic_write(&pic, 0x21, 0x60);
    vpic_write(&pic, 0x21, 0x04);
    vpic_write(&pic, 0x21, 0x00);
    CHECK_EQ(vpic_read(&pic, 0x21), 0x00);
}

UNIT_TEST(vpic_fully_nested_slave)
{
    struct vpic pic;

    vpic_reset(&pic);
    vpic_write(&pic, 0x20, 0x11);
    vpic_write(&pic, 0x21, 0x30);
    vpic_write(&pic, 0x21, 0x04);
    vpic_write(&pic, 0x21, 0x11);            /* SFNM */
    vpic_write(&pic, 0xa0, 0x11);
    vpic_write(&pic, 0xa1, 0x38);
    vpic_write(&pic, 0xa1, 0x02);
    vpic_write(&pic, 0xa1, 0x01);
    vpic_write(&pic, 0x21, 0x00);
    vpic_write(&pic, 0xa1, 0x00);
    vpic_set_irq(&pic, 12, true);
    CHECK_EQ(vpic_ack(&pic), 0x3c);
    /* A higher slave IRQ gets through with IR2 in service on the master. */
    vpic_set_irq(&pic, 9, true);
    CHECK_EQ(vpic_pending_vector(&pic), 0x39);
    CHECK_EQ(vpic_ack(&pic), 0x39);
}
