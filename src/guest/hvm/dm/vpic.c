/* SPDX-License-Identifier: MIT */
/* vpic.c - the 8259A pair: ICW/OCW programming, priority resolution, INTA, EOI, ELCR. */
#include "guest/hvm/dm/vpic.h"

#define NO_IRQ (-1)

/* Priority of IR irq on chip c: 0 is the highest, 7 the lowest. */
/*@ requires VpicChipValid(c) && irq <= 7;
    assigns \nothing;
    ensures 0 <= \result <= 7;
*/
static int chip_priority(const struct vpic_chip *c, unsigned int irq)
{
    return (int)((irq + 7U - c->lowest) % 8U);
}

/* The IR of highest priority set in mask, or NO_IRQ. */
/*@ requires VpicChipValid(c);
    assigns \nothing;
    ensures -1 <= \result <= 7;
    ensures none: mask == 0 ==> \result == -1;
*/
static int chip_highest(const struct vpic_chip *c, uint8_t mask)
{
    unsigned int step;

    /*@ loop invariant bound: 1 <= step <= 9;
        loop assigns step;
        loop variant 9 - step;
    */
    for (step = 1; step <= 8; step++) {
        unsigned int irq = (c->lowest + step) % 8U;

        if ((mask >> irq) & 1U)
            return (int)irq;
    }
    return NO_IRQ;
}

/* The ISR bits that block lower priorities (the cascade input does not
 * block the slave in special fully nested mode). */
/*@ requires VpicChipValid(c);
    assigns \nothing;
*/
static uint8_t chip_blocking_isr(const struct vpic_chip *c, bool master)
{
    uint8_t isr = c->isr;

    if (master && c->fully_nested)
        isr = (uint8_t)(isr & ~(1U << VPIC_CASCADE_IRQ));
    return isr;
}

/* The request an INTA would serve now, or NO_IRQ. */
/*@ requires VpicChipValid(c);
    assigns \nothing;
    ensures -1 <= \result <= 7;
*/
static int chip_request(const struct vpic_chip *c, bool master)
{
    uint8_t pending = (uint8_t)(c->irr & ~c->imr);
    int irq, busy;

    if (c->special_mask)
        return chip_highest(c, (uint8_t)(pending & ~c->isr));
    irq = chip_highest(c, pending);
    if (irq < 0)
        return NO_IRQ;
    busy = chip_highest(c, chip_blocking_isr(c, master));
    if (busy >= 0 && chip_priority(c, (unsigned int)busy) <= chip_priority(c, (unsigned int)irq))
        return NO_IRQ;
    return irq;
}

/* Drive one input of chip c; level-mode inputs make IRR follow the line,
 * edge-mode inputs latch a rising edge. */
/*@ requires VpicChipValid(c) && irq <= 7;
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_set_line(struct vpic_chip *c, unsigned int irq, bool level)
{
    uint8_t bit = (uint8_t)(1U << irq);

    if (c->elcr & bit) {
        c->irr = level ? (uint8_t)(c->irr | bit) : (uint8_t)(c->irr & ~bit);
    } else if (level && !(c->lines & bit)) {
        c->irr = (uint8_t)(c->irr | bit);
    }
    c->lines = level ? (uint8_t)(c->lines | bit) : (uint8_t)(c->lines & ~bit);
}

/* INTA on one chip: the request goes in service (or is retired at once
 * in AEOI mode). Returns the IR or NO_IRQ (spurious: nothing changes). */
/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
    ensures -1 <= \result <= 7;
*/
static int chip_ack(struct vpic_chip *c, bool master)
{
    int irq = chip_request(c, master);
    uint8_t bit;

    if (irq < 0)
        return NO_IRQ;
    bit = (uint8_t)(1U << irq);
    if (!(c->elcr & bit))
        c->irr = (uint8_t)(c->irr & ~bit);
    if (!c->auto_eoi)
        c->isr = (uint8_t)(c->isr | bit);
    else if (c->rotate_on_aeoi)
        c->lowest = (uint8_t)irq;
    return irq;
}

/* The slave's INT output drives the master's cascade input. */
/*@ requires VpicValid(pic);
    assigns *pic;
    ensures VpicValid(pic);
*/
static void vpic_update_cascade(struct vpic *pic)
{
    bool slave_int = chip_request(&pic->chip[1], false) >= 0;

    chip_set_line(&pic->chip[0], VPIC_CASCADE_IRQ, slave_int);
}

/*@ requires \valid(c);
    assigns *c;
    ensures VpicChipValid(c);
    ensures c->imr == 0xff;
*/
static void chip_reset(struct vpic_chip *c, uint8_t elcr_mask)
{
    c->irr = 0;
    c->isr = 0;
    c->imr = 0xff;
    c->elcr = 0;
    c->elcr_mask = elcr_mask;
    c->lines = 0;
    c->vector_base = 0;
    c->lowest = 7;
    c->init_step = 0;
    c->need_icw4 = false;
    c->single = false;
    c->auto_eoi = false;
    c->rotate_on_aeoi = false;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->fully_nested = false;
}

void vpic_reset(struct vpic *pic)
{
    /* IRQ 0, 1, 2 (master) and 8, 13 (slave) are edge-only on PC chipsets. */
    chip_reset(&pic->chip[0], 0xf8);
    chip_reset(&pic->chip[1], 0xde);
}

void vpic_set_irq(struct vpic *pic, unsigned int irq, bool level)
{
    if (irq >= VPIC_NR_IRQS || irq == VPIC_CASCADE_IRQ)
        return;
    chip_set_line(&pic->chip[irq / 8U], irq % 8U, level);
    vpic_update_cascade(pic);
}

bool vpic_output(const struct vpic *pic)
{
    return chip_request(&pic->chip[0], true) >= 0;
}

int vpic_pending_vector(const struct vpic *pic)
{
    const struct vpic_chip *m = &pic->chip[0], *s = &pic->chip[1];
    int irq = chip_request(m, true);
    int sirq;

    if (irq < 0)
        return VPIC_NONE;
    if (irq != (int)VPIC_CASCADE_IRQ || m->single)
        return m->vector_base + irq;
    sirq = chip_request(s, false);
    return s->vector_base + (sirq < 0 ? 7 : sirq);
}

int vpic_ack(struct vpic *pic)
{
    struct vpic_chip *m = &pic->chip[0], *s = &pic->chip[1];
    int irq = chip_ack(m, true);
    int sirq;

    if (irq < 0)
        return m->vector_base + 7;
    if (irq != (int)VPIC_CASCADE_IRQ || m->single)
        return m->vector_base + irq;
    sirq = chip_ack(s, false);
    vpic_update_cascade(pic);
    return s->vector_base + (sirq < 0 ? 7 : sirq);
}

/* ICW1: start the initialisation sequence (the chip forgets its state). */
/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_icw1(struct vpic_chip *c, uint8_t val)
{
    c->isr = 0;
    c->imr = 0;
    c->irr = (uint8_t)(c->lines & c->elcr);
    c->lowest = 7;
    c->read_isr = false;
    c->poll = false;
    c->special_mask = false;
    c->auto_eoi = false;
    c->rotate_on_aeoi = false;
    c->fully_nested = false;
    c->need_icw4 = (val & 0x01U) != 0;
    c->single = (val & 0x02U) != 0;
    c->init_step = 2;
}

/* OCW2: end of interrupt, rotation and priority commands. */
/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_ocw2(struct vpic_chip *c, uint8_t val)
{
    unsigned int cmd = (unsigned int)val >> 5;
    unsigned int level = val % 8U;
    int irq;

    switch (cmd) {
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        irq = chip_highest(c, c->isr);
        if (irq < 0)
            return;
        c->isr = (uint8_t)(c->isr & ~(1U << irq));
        if (cmd == 5)
            c->lowest = (uint8_t)irq;
        return;
    case 3: /* specific EOI */
    case 7: /* rotate on specific EOI */
        c->isr = (uint8_t)(c->isr & ~(1U << level));
        if (cmd == 7)
            c->lowest = (uint8_t)level;
        return;
    case 6: /* set priority */
        c->lowest = (uint8_t)level;
        return;
    case 4:
    case 0:
        c->rotate_on_aeoi = cmd == 4;
        return;
    default: /* 2: no operation */
        return;
    }
}

/* OCW3: register select, poll, special mask mode. */
/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_ocw3(struct vpic_chip *c, uint8_t val)
{
    if (val & 0x04U)
        c->poll = true;
    if (val & 0x02U)
        c->read_isr = (val & 0x01U) != 0;
    if (val & 0x40U)
        c->special_mask = (val & 0x20U) != 0;
}

/* A data-port write: the next ICW while initialising, else OCW1. */
/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_data_write(struct vpic_chip *c, uint8_t val)
{
    switch (c->init_step) {
    case 2:
        c->vector_base = (uint8_t)(val / 8U * 8U);   /* the low 3 bits come from the IR */
        c->init_step = c->single ? (c->need_icw4 ? 4 : 0) : 3;
        return;
    case 3: /* ICW3: the cascade wiring is fixed on a PC */
        c->init_step = c->need_icw4 ? 4 : 0;
        return;
    case 4:
        c->auto_eoi = (val & 0x02U) != 0;
        c->fully_nested = (val & 0x10U) != 0;
        c->init_step = 0;
        return;
    default:
        c->imr = val;
        return;
    }
}

/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_command_write(struct vpic_chip *c, uint8_t val)
{
    if (val & 0x10U)
        chip_icw1(c, val);
    else if (val & 0x08U)
        chip_ocw3(c, val);
    else
        chip_ocw2(c, val);
}

/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static void chip_elcr_write(struct vpic_chip *c, uint8_t val)
{
    c->elcr = (uint8_t)(val & c->elcr_mask);
    /* Level inputs follow their line from now on. */
    c->irr = (uint8_t)((c->irr & ~c->elcr) | (c->lines & c->elcr));
}

/* A command-port read: poll result, else IRR or ISR (OCW3). */
/*@ requires VpicChipValid(c);
    assigns *c;
    ensures VpicChipValid(c);
*/
static uint8_t chip_command_read(struct vpic_chip *c, bool master)
{
    int irq;

    if (c->poll) {
        c->poll = false;
        irq = chip_ack(c, master);
        return irq < 0 ? 0 : (uint8_t)(0x80U | (unsigned int)irq);
    }
    return c->read_isr ? c->isr : c->irr;
}

uint8_t vpic_read(struct vpic *pic, uint16_t port)
{
    uint8_t val;

    switch (port) {
    case VPIC_MASTER_CMD:
    case VPIC_SLAVE_CMD:
        val = chip_command_read(&pic->chip[port == VPIC_SLAVE_CMD], port == VPIC_MASTER_CMD);
        vpic_update_cascade(pic);
        return val;
    case VPIC_MASTER_DATA:
        return pic->chip[0].imr;
    case VPIC_SLAVE_DATA:
        return pic->chip[1].imr;
    case VPIC_ELCR_MASTER:
        return pic->chip[0].elcr;
    case VPIC_ELCR_SLAVE:
        return pic->chip[1].elcr;
    default:
        return 0xff;
    }
}

void vpic_write(struct vpic *pic, uint16_t port, uint8_t val)
{
    switch (port) {
    case VPIC_MASTER_CMD:
    case VPIC_SLAVE_CMD:
        chip_command_write(&pic->chip[port == VPIC_SLAVE_CMD], val);
        break;
    case VPIC_MASTER_DATA:
    case VPIC_SLAVE_DATA:
        chip_data_write(&pic->chip[port == VPIC_SLAVE_DATA], val);
        break;
    case VPIC_ELCR_MASTER:
    case VPIC_ELCR_SLAVE:
        chip_elcr_write(&pic->chip[port == VPIC_ELCR_SLAVE], val);
        break;
    default:
        return;
    }
    vpic_update_cascade(pic);
}
