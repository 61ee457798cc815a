/* SPDX-License-Identifier: MIT */
/* vpm1.h - the ACPI PM1a event/control registers (I/O 0x600-0x605) and the PM timer (0x608). */
#ifndef STRATA_GUEST_HVM_DM_VPM1_H
#define STRATA_GUEST_HVM_DM_VPM1_H

#include <stdbool.h>
#include <stdint.h>

#define VPM1_BASE   0x600U     /* PM1a_STS 0x600, PM1a_EN 0x602, PM1a_CNT 0x604 */
#define VPM1_SIZE   6U
#define VPM1_SLP_TYP_S5 5U     /* the DSDT's _S5 package names this SLP_TYP */
#define VPM1_TIMER_PORT 0x608U /* PM_TMR_BLK: 32-bit counter (FADT TMR_VAL_EXT) */
#define VPM1_TIMER_HZ   3579545ULL

/* Only vpm1.c reads or writes the fields. No event ever fires (there is
 * no SCI source), so the status register stays 0. */
struct vpm1 {
    uint16_t enable;           /* PM1a_EN */
    uint16_t control;          /* PM1a_CNT without SLP_EN */
};

/*@ predicate Vpm1Valid(struct vpm1 *pm) = \valid(pm); */

/* Power-on: nothing enabled, SCI_EN set (the platform is always in ACPI mode). */
/*@ requires valid: \valid(pm);
    assigns *pm;
    ensures valid: Vpm1Valid(pm);
*/
void vpm1_reset(struct vpm1 *pm);

/* A byte read at offset 0-5 from VPM1_BASE (others read 0xff). */
/*@ requires valid: Vpm1Valid(pm);
    assigns \nothing;
*/
uint8_t vpm1_read(const struct vpm1 *pm, unsigned int offset);

/* A byte write at offset 0-5: status bits are write-one-to-clear (none is
 * ever set), enable bits are stored, SCI_EN stays set, SLP_EN reads 0.
 * true: the write set SLP_EN with SLP_TYP = VPM1_SLP_TYP_S5 (power off). */
/*@ requires valid: Vpm1Valid(pm);
    assigns *pm;
    ensures only_control: \result == \true ==> offset == 5;
*/
bool vpm1_write(struct vpm1 *pm, unsigned int offset, uint8_t val);

/* Byte `byte` (0-3; others read 0xff) of the PM timer at now_ns: a free
 * running 32-bit count at 3.579545 MHz from now_ns = 0. Linux calibrates
 * the TSC against it when the PIT loop fails, and may use it as a
 * clocksource. */
/*@ assigns \nothing; */
uint8_t vpm1_timer_read(unsigned int byte, uint64_t now_ns);

#endif /* STRATA_GUEST_HVM_DM_VPM1_H */
