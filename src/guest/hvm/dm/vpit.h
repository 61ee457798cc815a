/* SPDX-License-Identifier: MIT */
/* vpit.h - the 8254 interval timer (ports 0x40-0x43) and port 0x61's gate/OUT2 bits. */
#ifndef STRATA_GUEST_HVM_DM_VPIT_H
#define STRATA_GUEST_HVM_DM_VPIT_H

#include <stdbool.h>
#include <stdint.h>

#define VPIT_HZ           1193182ULL
#define VPIT_PORT_CH0     0x40U
#define VPIT_PORT_CH2     0x42U
#define VPIT_PORT_CONTROL 0x43U
#define VPIT_PORT_SYSCTL  0x61U       /* NMI status and control: gate 2, speaker, OUT2 */

/* One counter; only vpit.c reads or writes the fields. */
struct vpit_channel {
    uint8_t mode;          /* 0-5 (6 and 7 are 2 and 3) */
    uint8_t access;        /* 1 low byte, 2 high byte, 3 low then high */
    bool bcd;              /* kept for the status byte; counting is binary */
    bool gate;
    bool counting;         /* a count is loaded */
    bool null_count;       /* control word written, count not yet loaded */
    bool write_high;       /* low/high access: the high byte comes next */
    bool read_high;
    bool count_latched;
    bool status_latched;
    bool irq_done;         /* modes 0, 1, 4, 5: the one interrupt was raised */
    uint8_t low_byte;      /* low byte written, high byte awaited */
    uint8_t status;
    uint16_t latch;
    uint32_t count;        /* reload value, 1 .. 65536 */
    uint64_t start_ns;     /* when counting (re)started */
    uint64_t ticks_before; /* ticks counted before start_ns (gate pauses) */
    uint64_t next_irq_tick;/* channel 0: tick of the next rising OUT edge */
};

struct vpit {
    struct vpit_channel ch[3];
    bool speaker;          /* port 0x61 bit 1 */
};

/*@ predicate VpitChannelValid(struct vpit_channel *c) =
        \valid(c) && 1 <= c->count <= 0x10000 && c->access <= 3 && c->mode <= 5;
    predicate VpitValid(struct vpit *p) =
        \valid(p) && VpitChannelValid(&p->ch[0]) && VpitChannelValid(&p->ch[1]) &&
        VpitChannelValid(&p->ch[2]);
*/

/* Power-on: every channel idle, gates 0 and 1 high, gate 2 low. */
/*@ requires valid: \valid(pit);
    assigns *pit;
    ensures valid: VpitValid(pit);
*/
void vpit_reset(struct vpit *pit);

/* A byte read of port 0x40-0x43 or 0x61 at now_ns (others read 0xff). */
/*@ requires valid: VpitValid(pit);
    assigns *pit;
    ensures valid: VpitValid(pit);
*/
uint8_t vpit_read(struct vpit *pit, uint16_t port, uint64_t now_ns);

/* A byte write of port 0x40-0x43 or 0x61 at now_ns (others ignored). */
/*@ requires valid: VpitValid(pit);
    assigns *pit;
    ensures valid: VpitValid(pit);
*/
void vpit_write(struct vpit *pit, uint16_t port, uint8_t val, uint64_t now_ns);

/* Run channel 0 to now_ns: true if OUT0 rose (IRQ0) since the last call;
 * missed periods coalesce into one edge. */
/*@ requires valid: VpitValid(pit);
    assigns *pit;
    ensures valid: VpitValid(pit);
*/
bool vpit_advance(struct vpit *pit, uint64_t now_ns);

/* When channel 0 next raises IRQ0, in ns; 0 if it will not. */
/*@ requires valid: VpitValid(pit);
    assigns \nothing;
*/
uint64_t vpit_next_irq_ns(const struct vpit *pit);

#endif /* STRATA_GUEST_HVM_DM_VPIT_H */
