/* SPDX-License-Identifier: MIT */
/* serial.c - the 16550 UART on COM1, polled (no interrupts needed). */
#include "arch/x86/serial.h"
#include "arch/arch.h"
#include "arch/x86/cpu.h"

#define COM1            0x3f8
#define UART_DATA       0   /* DLAB=0: transmit holding register */
#define UART_IER        1   /* DLAB=0: interrupt enable */
#define UART_DLL        0   /* DLAB=1: divisor low */
#define UART_DLM        1   /* DLAB=1: divisor high */
#define UART_FCR        2
#define UART_LCR        3
#define UART_MCR        4
#define UART_LSR        5
#define LSR_THRE        0x20    /* transmit holding register empty */
#define LSR_DR          0x01    /* a received byte is waiting */
#define LCR_DLAB        0x80
#define LCR_8N1         0x03
#define BAUD_DIVISOR    1       /* 115200 = 1843200 / 16 / 1 */
/* Bounded wait: a missing UART must not hang the hypervisor. */
#define THRE_SPINS      100000

void serial_init(void)
{
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DLL, BAUD_DIVISOR & 0xff);
    outb(COM1 + UART_DLM, BAUD_DIVISOR >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, 0x07);    /* enable and clear both FIFOs */
    outb(COM1 + UART_MCR, 0x03);    /* DTR, RTS */
}

static void serial_put(char c)
{
    for (unsigned int i = 0; i < THRE_SPINS; i++) {
        if (inb(COM1 + UART_LSR) & LSR_THRE)
            break;
        cpu_relax();
    }
    outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_put('\r');
        serial_put(s[i]);
    }
}

int arch_console_read(void)
{
    if (!(inb(COM1 + UART_LSR) & LSR_DR))
        return -1;
    return inb(COM1);
}
