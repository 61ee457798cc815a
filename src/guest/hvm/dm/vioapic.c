/* SPDX-License-Identifier: MIT */
/* vioapic.c - the I/O APIC's register window and its edge/level delivery state. */
#include "guest/hvm/dm/vioapic.h"

#define REG_ID          0x00U
#define REG_VERSION     0x01U
#define REG_ARB         0x02U
#define REG_TABLE       0x10U
#define REG_TABLE_END   (REG_TABLE + 2U * VIOAPIC_NR_PINS)

/* Recompute whether pin has a message to send (masked edges are lost,
 * masked levels wait). */
/*@ requires VioapicValid(io) && pin < VIOAPIC_NR_PINS;
    assigns io->pending;
    ensures VioapicValid(io);
*/
static void vioapic_update_pin(struct vioapic *io, unsigned int pin)
{
    uint64_t rte = io->rte[pin];
    uint32_t bit = 1U << pin;

    if (rte & VIOAPIC_RTE_MASKED)
        io->pending &= ~bit;
    else if ((rte & VIOAPIC_RTE_LEVEL) && !(rte & VIOAPIC_RTE_REMOTE_IRR) && (io->lines & bit))
        io->pending |= bit;
    else if (rte & VIOAPIC_RTE_LEVEL)
        io->pending &= ~bit;
}

void vioapic_reset(struct vioapic *io, uint8_t id)
{
    unsigned int pin;

    io->id = id & 0x0fU;
    io->index = 0;
    io->lines = 0;
    io->pending = 0;
    /*@ loop invariant bound: pin <= VIOAPIC_NR_PINS;
        loop assigns pin, io->rte[0 .. VIOAPIC_NR_PINS - 1];
        loop variant VIOAPIC_NR_PINS - pin;
    */
    for (pin = 0; pin < VIOAPIC_NR_PINS; pin++)
        io->rte[pin] = VIOAPIC_RTE_MASKED;
}

/* The value of indirect register reg (IOWIN through IOREGSEL). */
/*@ requires VioapicValid(io);
    assigns \nothing;
*/
static uint32_t vioapic_register(const struct vioapic *io, uint32_t reg)
{
    uint64_t rte;

    switch (reg) {
    case REG_ID:
    case REG_ARB:
        return io->id << 24;
    case REG_VERSION:
        return ((VIOAPIC_NR_PINS - 1U) << 16) | VIOAPIC_VERSION;
    default:
        break;
    }
    if (reg < REG_TABLE || reg >= REG_TABLE_END)
        return 0;
    rte = io->rte[(reg - REG_TABLE) / 2U];
    if ((io->pending >> ((reg - REG_TABLE) / 2U)) & 1U)
        rte |= VIOAPIC_RTE_STATUS;
    return (reg & 1U) ? (uint32_t)(rte >> 32) : (uint32_t)rte;
}

uint32_t vioapic_read(const struct vioapic *io, uint32_t offset)
{
    if (offset == VIOAPIC_REGSEL)
        return io->index;
    if (offset == VIOAPIC_WINDOW)
        return vioapic_register(io, io->index);
    return 0;
}

/* Write half of entry pin; software changes only the writable bits, and
 * an entry turned edge forgets its remote IRR. */
/*@ requires VioapicValid(io) && pin < VIOAPIC_NR_PINS;
    assigns io->rte[pin], io->pending;
    ensures VioapicValid(io);
*/
static void vioapic_write_rte(struct vioapic *io, unsigned int pin, bool high, uint32_t val)
{
    uint64_t rte = io->rte[pin];
    uint64_t update;

    if (high)
        update = (rte & 0xffffffffULL) | ((uint64_t)val << 32);
    else
        update = (rte & 0xffffffff00000000ULL) | val;
    rte = (rte & ~VIOAPIC_RTE_WRITABLE) | (update & VIOAPIC_RTE_WRITABLE);
    if (!(rte & VIOAPIC_RTE_LEVEL))
        rte &= ~VIOAPIC_RTE_REMOTE_IRR;
    io->rte[pin] = rte;
    vioapic_update_pin(io, pin);
}

void vioapic_write(struct vioapic *io, uint32_t offset, uint32_t val)
{
    uint32_t reg = io->index;

    if (offset == VIOAPIC_REGSEL) {
        io->index = val & 0xffU;
        return;
    }
    if (offset != VIOAPIC_WINDOW)
        return;
    if (reg == REG_ID)
        io->id = (val >> 24) & 0x0fU;
    else if (reg >= REG_TABLE && reg < REG_TABLE_END)
        vioapic_write_rte(io, (reg - REG_TABLE) / 2U, (reg & 1U) != 0, val);
}

void vioapic_set_irq(struct vioapic *io, unsigned int pin, bool level)
{
    uint32_t bit;
    bool rising;

    if (pin >= VIOAPIC_NR_PINS)
        return;
    bit = 1U << pin;
    rising = level && !(io->lines & bit);
    io->lines = level ? (io->lines | bit) : (io->lines & ~bit);
    if (io->rte[pin] & VIOAPIC_RTE_LEVEL)
        vioapic_update_pin(io, pin);
    else if (rising && !(io->rte[pin] & VIOAPIC_RTE_MASKED))
        io->pending |= bit;
}

void vioapic_eoi(struct vioapic *io, uint8_t vector)
{
    unsigned int pin;

    /*@ loop invariant bound: pin <= VIOAPIC_NR_PINS;
        loop invariant valid: VioapicValid(io);
        loop assigns pin, io->rte[0 .. VIOAPIC_NR_PINS - 1], io->pending;
        loop variant VIOAPIC_NR_PINS - pin;
    */
    for (pin = 0; pin < VIOAPIC_NR_PINS; pin++) {
        uint64_t rte = io->rte[pin];

        if (!(rte & VIOAPIC_RTE_REMOTE_IRR) || (rte & VIOAPIC_RTE_VECTOR) != vector)
            continue;
        io->rte[pin] = rte & ~VIOAPIC_RTE_REMOTE_IRR;
        vioapic_update_pin(io, pin);
    }
}

/* The lowest pin set in pending, or VIOAPIC_NR_PINS if none is. */
/*@ assigns \nothing;
    ensures \result <= VIOAPIC_NR_PINS;
*/
static unsigned int vioapic_lowest_pin(uint32_t pending)
{
    unsigned int pin;

    /*@ loop invariant bound: pin <= VIOAPIC_NR_PINS;
        loop assigns pin;
        loop variant VIOAPIC_NR_PINS - pin;
    */
    for (pin = 0; pin < VIOAPIC_NR_PINS; pin++) {
        if ((pending >> pin) & 1U)
            return pin;
    }
    return VIOAPIC_NR_PINS;
}

bool vioapic_next(struct vioapic *io, struct vioapic_msg *msg)
{
    unsigned int pin;
    uint64_t rte;

    if (io->pending == 0)
        return false;
    pin = vioapic_lowest_pin(io->pending);
    if (pin >= VIOAPIC_NR_PINS) {
        io->pending = 0;                /* no such pins: cannot happen */
        return false;
    }
    rte = io->rte[pin];
    io->pending &= ~(1U << pin);
    if (rte & VIOAPIC_RTE_LEVEL)
        io->rte[pin] = rte | VIOAPIC_RTE_REMOTE_IRR;
    msg->vector = (uint8_t)(rte & VIOAPIC_RTE_VECTOR);
    msg->delivery_mode = (uint8_t)VIOAPIC_RTE_DELIVERY(rte);
    msg->logical = (rte & VIOAPIC_RTE_LOGICAL) != 0;
    msg->level = (rte & VIOAPIC_RTE_LEVEL) != 0;
    msg->dest = (uint8_t)(rte >> 56);
    msg->pin = (uint8_t)pin;
    return true;
}
