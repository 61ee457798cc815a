/* SPDX-License-Identifier: MIT */
/* vuart.c - 16550A registers: divisor latch, FIFO control, interrupt identification, loopback. */
#include "guest/hvm/dm/vuart.h"

#define REG_DATA 0U
#define REG_IER  1U
#define REG_IIR  2U     /* read; FCR on write */
#define REG_LCR  3U
#define REG_MCR  4U
#define REG_LSR  5U
#define REG_MSR  6U
#define REG_SCR  7U

#define IER_RX      0x01U
#define IER_THRE    0x02U
#define IER_LSR     0x04U
#define LCR_DLAB    0x80U
#define MCR_DTR     0x01U
#define MCR_RTS     0x02U
#define MCR_OUT1    0x04U
#define MCR_OUT2    0x08U
#define MCR_LOOP    0x10U
#define LSR_DR      0x01U
#define LSR_OE      0x02U
#define LSR_THRE    0x20U
#define LSR_TEMT    0x40U
#define IIR_NONE    0x01U
#define IIR_LSR     0x06U
#define IIR_RX      0x04U
#define IIR_THRE    0x02U
#define FCR_ENABLE  0x01U
#define FCR_CLR_RX  0x02U

void vuart_reset(struct vuart *u)
{
    u->ier = 0;
    u->lcr = 0;
    u->mcr = 0;
    u->scr = 0;
    u->fcr = 0;
    u->dll = 12;                       /* 115200 / 12 = 9600 baud */
    u->dlm = 0;
    u->lsr_errors = 0;
    u->thre_pending = false;
    u->thr_written = false;
    u->rx_head = 0;
    u->rx_count = 0;
    u->out_len = 0;
}

/* The interrupt identification value (without the FIFO bits). */
/*@ requires VuartValid(u);
    assigns \nothing;
*/
static uint8_t vuart_iir(const struct vuart *u)
{
    if ((u->ier & IER_LSR) && u->lsr_errors)
        return IIR_LSR;
    if ((u->ier & IER_RX) && u->rx_count)
        return IIR_RX;
    if ((u->ier & IER_THRE) && u->thre_pending)
        return IIR_THRE;
    return IIR_NONE;
}

bool vuart_irq(const struct vuart *u)
{
    return vuart_iir(u) != IIR_NONE && (u->mcr & MCR_OUT2);
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static void rx_push(struct vuart *u, uint8_t byte)
{
    if (u->rx_count == VUART_FIFO) {
        u->lsr_errors |= LSR_OE;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % VUART_FIFO] = byte;
    u->rx_count++;
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static uint8_t rx_pop(struct vuart *u)
{
    uint8_t byte;

    if (u->rx_count == 0)
        return 0;
    byte = u->rx[u->rx_head];
    u->rx_head = (uint8_t)((u->rx_head + 1U) % VUART_FIFO);
    u->rx_count--;
    return byte;
}

void vuart_input(struct vuart *u, uint8_t byte)
{
    if (!(u->mcr & MCR_LOOP))
        rx_push(u, byte);
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static void transmit(struct vuart *u, uint8_t byte)
{
    u->thre_pending = true;            /* the byte leaves at once */
    u->thr_written = true;
    if (u->mcr & MCR_LOOP) {
        rx_push(u, byte);
        return;
    }
    if (u->out_len < VUART_LINE)
        u->out[u->out_len++] = (char)byte;
}

/* In loopback the modem inputs follow the modem outputs. */
/*@ requires VuartValid(u);
    assigns \nothing;
*/
static uint8_t vuart_msr(const struct vuart *u)
{
    uint8_t m = u->mcr;

    if (!(m & MCR_LOOP))
        return 0xb0;                   /* DCD, DSR, CTS: a cable is there */
    return (uint8_t)(((m & MCR_RTS) ? 0x10U : 0) | ((m & MCR_DTR) ? 0x20U : 0) |
                     ((m & MCR_OUT1) ? 0x40U : 0) | ((m & MCR_OUT2) ? 0x80U : 0));
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static uint8_t read_iir(struct vuart *u)
{
    uint8_t iir = vuart_iir(u);

    if (iir == IIR_THRE)
        u->thre_pending = false;       /* reading IIR acknowledges THRE */
    return (uint8_t)(iir | ((u->fcr & FCR_ENABLE) ? 0xc0U : 0));
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static uint8_t read_lsr(struct vuart *u)
{
    uint8_t lsr = (uint8_t)(LSR_THRE | LSR_TEMT | u->lsr_errors | (u->rx_count ? LSR_DR : 0));

    u->lsr_errors = 0;
    return lsr;
}

uint8_t vuart_read(struct vuart *u, unsigned int offset)
{
    bool dlab = (u->lcr & LCR_DLAB) != 0;

    switch (offset) {
    case REG_DATA: return dlab ? u->dll : rx_pop(u);
    case REG_IER:  return dlab ? u->dlm : u->ier;
    case REG_IIR:  return read_iir(u);
    case REG_LCR:  return u->lcr;
    case REG_MCR:  return u->mcr;
    case REG_LSR:  return read_lsr(u);
    case REG_MSR:  return vuart_msr(u);
    case REG_SCR:  return u->scr;
    default:       return 0xff;
    }
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static void write_ier(struct vuart *u, uint8_t val)
{
    /* Enabling THRE while the holding register is empty interrupts at once. */
    if ((val & IER_THRE) && !(u->ier & IER_THRE))
        u->thre_pending = true;
    u->ier = val & 0x0fU;
}

/*@ requires VuartValid(u);
    assigns *u;
    ensures VuartValid(u);
*/
static void write_fcr(struct vuart *u, uint8_t val)
{
    if (val & FCR_CLR_RX) {
        u->rx_head = 0;
        u->rx_count = 0;
    }
    u->fcr = val & 0xc9U;              /* enable, DMA mode, trigger level */
}

void vuart_write(struct vuart *u, unsigned int offset, uint8_t val)
{
    bool dlab = (u->lcr & LCR_DLAB) != 0;

    switch (offset) {
    case REG_DATA:
        if (dlab)
            u->dll = val;
        else
            transmit(u, val);
        return;
    case REG_IER:
        if (dlab)
            u->dlm = val;
        else
            write_ier(u, val);
        return;
    case REG_IIR: write_fcr(u, val); return;
    case REG_LCR: u->lcr = val; return;
    case REG_MCR: u->mcr = val & 0x1fU; return;
    case REG_SCR: u->scr = val; return;
    default:      return;              /* LSR and MSR are read-only */
    }
}

bool vuart_take_thr_write(struct vuart *u)
{
    bool written = u->thr_written;

    u->thr_written = false;
    return written;
}

size_t vuart_take_output(struct vuart *u, char *buf, size_t cap, bool partial)
{
    size_t n = u->out_len, i;

    if (n == 0 || (!partial && n < VUART_LINE && u->out[n - 1] != '\n'))
        return 0;
    if (n > cap)
        n = cap;
    /*@ loop invariant bound: 0 <= i <= n;
        loop assigns i, buf[0 .. n - 1];
        loop variant n - i;
    */
    for (i = 0; i < n; i++)
        buf[i] = u->out[i];
    /*@ loop invariant bound: n <= i <= u->out_len;
        loop assigns i, u->out[0 .. VUART_LINE - 1];
        loop variant u->out_len - i;
    */
    for (i = n; i < u->out_len; i++)
        u->out[i - n] = u->out[i];
    u->out_len -= n;
    return n;
}
