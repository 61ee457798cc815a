/* SPDX-License-Identifier: MIT */
/* vrtc.h - the MC146818 real-time clock and CMOS RAM (index 0x70, data 0x71, IRQ 8). */
#ifndef STRATA_GUEST_HVM_DM_VRTC_H
#define STRATA_GUEST_HVM_DM_VRTC_H

#include <stdbool.h>
#include <stdint.h>

#define VRTC_PORT_INDEX 0x70U
#define VRTC_PORT_DATA  0x71U
#define VRTC_IRQ        8U
#define VRTC_CMOS_SIZE  128U

/* Only vrtc.c reads or writes the fields. */
struct vrtc {
    uint8_t index;                 /* selected CMOS byte */
    bool nmi_disabled;             /* port 0x70 bit 7 */
    uint8_t cmos[VRTC_CMOS_SIZE];  /* RAM, alarms, registers A-D; time bytes are computed */
    int64_t wallclock_s;           /* Unix time at now_ns = 0, as the guest set it */
    uint64_t next_periodic_ns;     /* next periodic flag; 0: off */
};

/*@ predicate VrtcValid(struct vrtc *r) = \valid(r) && r->index < VRTC_CMOS_SIZE; */

/* Power-on: 24-hour BCD mode, the clock at wallclock_s (Unix seconds at
 * now_ns = 0). */
/*@ requires valid: \valid(r);
    assigns *r;
    ensures valid: VrtcValid(r);
*/
void vrtc_reset(struct vrtc *r, int64_t wallclock_s);

/* Fill the BIOS memory-size bytes: 0x17/0x18 and 0x30/0x31 (KiB from 1 MiB
 * to 64 MiB), 0x34/0x35 (64 KiB units from 16 MiB to 4 GiB), 0x5b-0x5d
 * (64 KiB units above 4 GiB). */
/*@ requires valid: VrtcValid(r);
    assigns r->cmos[0 .. VRTC_CMOS_SIZE - 1];
*/
void vrtc_set_memory(struct vrtc *r, uint64_t below_4g_bytes, uint64_t above_4g_bytes);

/* A byte read of port 0x70 (reads 0xff) or 0x71 at now_ns. Reading
 * register C clears its flags. */
/*@ requires valid: VrtcValid(r);
    assigns *r;
    ensures valid: VrtcValid(r);
*/
uint8_t vrtc_read(struct vrtc *r, uint16_t port, uint64_t now_ns);

/* A byte write of port 0x70 (index, NMI mask) or 0x71 at now_ns. Writing
 * a time byte moves the clock; C and D are read-only. */
/*@ requires valid: VrtcValid(r);
    assigns *r;
    ensures valid: VrtcValid(r);
*/
void vrtc_write(struct vrtc *r, uint16_t port, uint8_t val, uint64_t now_ns);

/* Run the periodic interrupt to now_ns; true while IRQ 8 is asserted
 * (register C's IRQF). */
/*@ requires valid: VrtcValid(r);
    assigns *r;
    ensures valid: VrtcValid(r);
*/
bool vrtc_advance(struct vrtc *r, uint64_t now_ns);

/* The next periodic-flag time in ns, 0 if none. */
/*@ requires valid: VrtcValid(r);
    assigns \nothing;
*/
uint64_t vrtc_next_ns(const struct vrtc *r);

/* IRQ 8 level: IRQF in register C. */
/*@ requires valid: VrtcValid(r);
    assigns \nothing;
*/
bool vrtc_irq(const struct vrtc *r);

#endif /* STRATA_GUEST_HVM_DM_VRTC_H */
