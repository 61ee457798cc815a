/* SPDX-License-Identifier: MIT */
/* vioapic.h - one 82093AA I/O APIC: IOREGSEL/IOWIN, 24 redirection entries, remote IRR. */
#ifndef STRATA_GUEST_HVM_DM_VIOAPIC_H
#define STRATA_GUEST_HVM_DM_VIOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define VIOAPIC_BASE         0xfec00000ULL
#define VIOAPIC_SIZE         0x1000ULL
#define VIOAPIC_NR_PINS      24U
#define VIOAPIC_VERSION      0x11U      /* 82093AA: no EOI register */
#define VIOAPIC_REGSEL       0x00U      /* MMIO offsets */
#define VIOAPIC_WINDOW       0x10U

/* Redirection-entry bits. */
#define VIOAPIC_RTE_VECTOR        0xffULL
#define VIOAPIC_RTE_DELIVERY(r)   (((r) >> 8) & 7U)
#define VIOAPIC_RTE_LOGICAL       (1ULL << 11)
#define VIOAPIC_RTE_STATUS        (1ULL << 12)
#define VIOAPIC_RTE_POLARITY_LOW  (1ULL << 13)
#define VIOAPIC_RTE_REMOTE_IRR    (1ULL << 14)
#define VIOAPIC_RTE_LEVEL         (1ULL << 15)
#define VIOAPIC_RTE_MASKED        (1ULL << 16)
#define VIOAPIC_RTE_WRITABLE      0xff0000000001afffULL

/* Only vioapic.c reads or writes the fields. */
struct vioapic {
    uint32_t id;                      /* bits 24-27 of register 0 */
    uint32_t index;                   /* IOREGSEL */
    uint32_t lines;                   /* input levels (asserted = 1) */
    uint32_t pending;                 /* pins with a message not yet taken */
    uint64_t rte[VIOAPIC_NR_PINS];
};

/* One interrupt message the I/O APIC sends to the local APICs. */
struct vioapic_msg {
    uint8_t vector;
    uint8_t delivery_mode;            /* 0 fixed, 1 lowest priority, 4 NMI, 5 INIT, 7 ExtINT */
    bool logical;                     /* destination mode */
    bool level;                       /* level triggered: the target must EOI it */
    uint8_t dest;                     /* APIC id or logical set */
    uint8_t pin;
};

/*@ predicate VioapicValid(struct vioapic *io) = \valid(io); */

/* Power-on state: every entry masked, edge, vector 0; id as given. */
/*@ requires valid: \valid(io);
    assigns *io;
    ensures valid: VioapicValid(io);
    ensures none_pending: io->pending == 0;
*/
void vioapic_reset(struct vioapic *io, uint8_t id);

/* A 32-bit read at MMIO offset (IOREGSEL, IOWIN; anything else reads 0).
 * Registers: 0 id, 1 version, 2 arbitration, 0x10+2n / 0x11+2n entry n;
 * others read 0. */
/*@ requires valid: VioapicValid(io);
    assigns \nothing;
*/
uint32_t vioapic_read(const struct vioapic *io, uint32_t offset);

/* A 32-bit write at MMIO offset; read-only bits and registers keep their
 * value, writes elsewhere are ignored. */
/*@ requires valid: VioapicValid(io);
    assigns *io;
    ensures valid: VioapicValid(io);
*/
void vioapic_write(struct vioapic *io, uint32_t offset, uint32_t val);

/* Drive input pin to level (pins >= 24 are ignored). An edge entry sends
 * on the rising edge if unmasked; a level entry sends while the line is
 * high, unmasked and its remote IRR clear. */
/*@ requires valid: VioapicValid(io);
    assigns *io;
    ensures valid: VioapicValid(io);
*/
void vioapic_set_irq(struct vioapic *io, unsigned int pin, bool level);

/* A local APIC broadcast EOI for vector: level entries with that vector
 * drop their remote IRR (and send again if the line is still high). */
/*@ requires valid: VioapicValid(io);
    assigns *io;
    ensures valid: VioapicValid(io);
*/
void vioapic_eoi(struct vioapic *io, uint8_t vector);

/* Take the next message to send (lowest pin first): true and *msg filled,
 * the entry's remote IRR set if level; false if none. */
/*@ requires valid: VioapicValid(io) && \valid(msg) && \separated(io, msg);
    assigns *io, *msg;
    ensures valid: VioapicValid(io);
    ensures pin: \result == \true ==> msg->pin < VIOAPIC_NR_PINS;
    behavior none:
      assumes io->pending == 0;
      ensures \result == \false;
      ensures io->pending == 0;
*/
bool vioapic_next(struct vioapic *io, struct vioapic_msg *msg);

#endif /* STRATA_GUEST_HVM_DM_VIOAPIC_H */
