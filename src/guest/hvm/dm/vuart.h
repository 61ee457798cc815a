/* SPDX-License-Identifier: MIT */
/* vuart.h - a 16550A serial port (COM1 at 0x3f8, IRQ 4) wired to Strata's console. */
#ifndef STRATA_GUEST_HVM_DM_VUART_H
#define STRATA_GUEST_HVM_DM_VUART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VUART_BASE      0x3f8U
#define VUART_IRQ       4U
#define VUART_FIFO      16U        /* receive FIFO depth */
#define VUART_LINE      128U       /* output buffered up to a line of this many bytes */

/* Only vuart.c reads or writes the fields. */
struct vuart {
    uint8_t ier, lcr, mcr, scr, fcr;
    uint8_t dll, dlm;              /* divisor latch */
    uint8_t lsr_errors;            /* overrun, until LSR is read */
    bool thre_pending;             /* THR-empty interrupt not yet acknowledged */
    bool thr_written;              /* THR written since vuart_take_thr_write */
    uint8_t rx[VUART_FIFO];
    uint8_t rx_head, rx_count;
    char out[VUART_LINE];
    size_t out_len;
};

/*@ predicate VuartValid(struct vuart *u) =
        \valid(u) && u->rx_head < VUART_FIFO && u->rx_count <= VUART_FIFO &&
        u->out_len <= VUART_LINE;
*/

/* Power-on state: 9600 8N1 divisor, no interrupts enabled, FIFOs off. */
/*@ requires valid: \valid(u);
    assigns *u;
    ensures valid: VuartValid(u);
*/
void vuart_reset(struct vuart *u);

/* A byte read of register offset (0-7 from the base); reading RBR, IIR,
 * LSR and MSR has the 16550's side effects. */
/*@ requires valid: VuartValid(u);
    assigns *u;
    ensures valid: VuartValid(u);
*/
uint8_t vuart_read(struct vuart *u, unsigned int offset);

/* A byte write of register offset (0-7); THR bytes go to the output
 * buffer (to the receive FIFO in loopback mode). */
/*@ requires valid: VuartValid(u);
    assigns *u;
    ensures valid: VuartValid(u);
*/
void vuart_write(struct vuart *u, unsigned int offset, uint8_t val);

/* A byte typed on the console: into the receive FIFO (overrun if full). */
/*@ requires valid: VuartValid(u);
    assigns *u;
    ensures valid: VuartValid(u);
*/
void vuart_input(struct vuart *u, uint8_t byte);

/* The IRQ line: an enabled interrupt is pending and MCR OUT2 is set. */
/*@ requires valid: VuartValid(u);
    assigns \nothing;
*/
bool vuart_irq(const struct vuart *u);

/* Was THR written since the last call? A THR write clears the THRE
 * interrupt and the transmitter sets it again when the byte has left:
 * the IRQ line falls and rises, a new edge for the PIC and IOAPIC. */
/*@ requires valid: VuartValid(u);
    assigns u->thr_written;
    ensures u->thr_written == \false;
*/
bool vuart_take_thr_write(struct vuart *u);

/* Move buffered output to buf (cap bytes at most) if a line is complete
 * or the buffer is full, or any output if partial is set; returns the
 * bytes moved. */
/*@ requires valid: VuartValid(u) && \valid(buf + (0 .. cap - 1)) && \separated(u, buf + (0 .. cap - 1));
    assigns *u, buf[0 .. cap - 1];
    ensures valid: VuartValid(u);
    ensures \result <= cap;
*/
size_t vuart_take_output(struct vuart *u, char *buf, size_t cap, bool partial);

#endif /* STRATA_GUEST_HVM_DM_VUART_H */
