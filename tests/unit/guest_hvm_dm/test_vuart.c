/* SPDX-License-Identifier: MIT */
/* test_vuart.c - the 16550A as Linux's 8250 driver probes and drives it. */
#include <string.h>

#include "unit.h"
#include "guest/hvm/dm/vuart.h"

enum { DATA, IER, IIR, LCR, MCR, LSR, MSR, SCR };

UNIT_TEST(vuart_autoconfig_probe)
{
    struct vuart u;

    vuart_reset(&u);
    /* Scratch register and IER read back (upper IER bits read 0). */
    vuart_write(&u, SCR, 0xa5);
    CHECK_EQ(vuart_read(&u, SCR), 0xa5);
    vuart_write(&u, IER, 0xff);
    CHECK_EQ(vuart_read(&u, IER), 0x0f);
    vuart_write(&u, IER, 0);
    /* Loopback: MSR mirrors MCR (OUT2|RTS -> DCD|CTS). */
    vuart_write(&u, MCR, 0x10 | 0x0a);
    CHECK_EQ(vuart_read(&u, MSR) & 0xf0, 0x90);
    vuart_write(&u, MCR, 0x10 | 0x05);
    CHECK_EQ(vuart_read(&u, MSR) & 0xf0, 0x60);
    vuart_write(&u, MCR, 0);
    CHECK_EQ(vuart_read(&u, MSR), 0xb0);
    /* FIFO detection: IIR bits 7-6 = 11 means 16550A. */
    vuart_write(&u, IIR, 0x01);
    CHECK_EQ(vuart_read(&u, IIR) >> 6, 3);
    vuart_write(&u, IIR, 0x00);
    CHECK_EQ(vuart_read(&u, IIR), 0x01);
    /* Divisor latch behind DLAB. */
    vuart_write(&u, LCR, 0x83);
    CHECK_EQ(vuart_read(&u, DATA), 12);
    vuart_write(&u, DATA, 1);
    vuart_write(&u, IER, 0);
    CHECK_EQ(vuart_read(&u, DATA), 1);
    CHECK_EQ(vuart_read(&u, IER), 0);
    vuart_write(&u, LCR, 0x03);
    CHECK_EQ(vuart_read(&u, LCR), 0x03);
    CHECK_EQ(vuart_read(&u, 8), 0xff);       /* beyond the 8 registers */
    vuart_write(&u, LSR, 0);                  /* read-only */
    vuart_write(&u, 9, 0);
    CHECK_EQ(vuart_read(&u, LSR), 0x60);
}

UNIT_TEST(vuart_output_lines)
{
    struct vuart u;
    char buf[200];
    size_t n;

    vuart_reset(&u);
    vuart_write(&u, DATA, 'h');
    vuart_write(&u, DATA, 'i');
    CHECK_EQ(vuart_take_output(&u, buf, sizeof(buf), false), 0);  /* partial line */
    vuart_write(&u, DATA, '\n');
    n = vuart_take_output(&u, buf, sizeof(buf), false);
    CHECK_EQ(n, 3);
    CHECK(memcmp(buf, "hi\n", 3) == 0);
    CHECK_EQ(vuart_take_output(&u, buf, sizeof(buf), true), 0);   /* empty */
    vuart_write(&u, DATA, '#');
    CHECK_EQ(vuart_take_output(&u, buf, sizeof(buf), true), 1);    /* a prompt */
    /* A line longer than the buffer goes out when full; a small cap splits it. */
    for (int i = 0; i < (int)VUART_LINE; i++)
        vuart_write(&u, DATA, 'x');
    vuart_write(&u, DATA, 'y');               /* dropped: full, the platform drains first */
    CHECK_EQ(vuart_take_output(&u, buf, 100, false), 100);
    CHECK_EQ(vuart_take_output(&u, buf, sizeof(buf), true), VUART_LINE - 100);
}

UNIT_TEST(vuart_thre_interrupt)
{
    struct vuart u;

    vuart_reset(&u);
    vuart_write(&u, MCR, 0xff);               /* only the five MCR bits stick */
    CHECK_EQ(vuart_read(&u, MCR), 0x1f);
    vuart_write(&u, MCR, 0x08);               /* OUT2: the IRQ line is connected */
    CHECK(!vuart_irq(&u));
    vuart_write(&u, IER, 0x02);               /* enabling THRE interrupts at once */
    CHECK(vuart_irq(&u));
    CHECK_EQ(vuart_read(&u, IIR), 0x02);      /* reading IIR acknowledges it */
    CHECK(!vuart_irq(&u));
    CHECK_EQ(vuart_read(&u, IIR), 0x01);
    CHECK(!vuart_take_thr_write(&u));
    vuart_write(&u, DATA, 'a');               /* THR empties again at once */
    CHECK(vuart_irq(&u));
    CHECK(vuart_take_thr_write(&u));
    CHECK(!vuart_take_thr_write(&u));
    vuart_write(&u, IER, 0x02);               /* already on: nothing new */
    vuart_write(&u, MCR, 0x00);               /* OUT2 off gates the line */
    CHECK(!vuart_irq(&u));
}

UNIT_TEST(vuart_receive)
{
    struct vuart u;

    vuart_reset(&u);
    vuart_write(&u, MCR, 0x08);
    vuart_write(&u, IER, 0x05);               /* RX data and line status */
    CHECK_EQ(vuart_read(&u, DATA), 0);        /* empty FIFO reads 0 */
    vuart_input(&u, 'a');
    CHECK(vuart_irq(&u));
    CHECK_EQ(vuart_read(&u, IIR), 0x04);
    CHECK_EQ(vuart_read(&u, LSR) & 0x01, 0x01);
    CHECK_EQ(vuart_read(&u, DATA), 'a');
    CHECK(!vuart_irq(&u));
    /* Overrun: the 17th byte is lost and LSR says so once. */
    for (int i = 0; i < 17; i++)
        vuart_input(&u, (uint8_t)('A' + i));
    CHECK_EQ(vuart_read(&u, IIR), 0x06);      /* line status first */
    CHECK_EQ(vuart_read(&u, LSR), 0x63);
    CHECK_EQ(vuart_read(&u, LSR), 0x61);
    for (int i = 0; i < 16; i++)
        CHECK_EQ(vuart_read(&u, DATA), 'A' + i);
    CHECK_EQ(vuart_read(&u, LSR), 0x60);
    /* FCR clears the receive FIFO. */
    vuart_input(&u, 'z');
    vuart_write(&u, IIR, 0x03);
    CHECK_EQ(vuart_read(&u, LSR) & 0x01, 0);
    /* Loopback: transmitted bytes come back, console input is ignored. */
    vuart_write(&u, MCR, 0x18);
    vuart_write(&u, DATA, 'L');
    vuart_input(&u, 'c');
    CHECK_EQ(vuart_read(&u, DATA), 'L');
    CHECK_EQ(vuart_read(&u, LSR) & 0x01, 0);
}
