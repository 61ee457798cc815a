/* SPDX-License-Identifier: MIT */
/* vi8042.h - the reset lines: a minimal i8042 (0x60/0x64), reset control 0xcf9, port 92 fast reset. */
#ifndef STRATA_GUEST_HVM_DM_VI8042_H
#define STRATA_GUEST_HVM_DM_VI8042_H

#include <stdbool.h>
#include <stdint.h>

#define VI8042_PORT_DATA     0x60U
#define VI8042_PORT_STATUS   0x64U     /* status on read, command on write */
#define VI8042_PORT_92       0x92U     /* system control port A */
#define VI8042_PORT_CF9      0xcf9U    /* reset control register (byte access) */

/* Only vi8042.c reads or writes the fields. */
struct vi8042 {
    uint8_t ctr;          /* controller configuration byte */
    uint8_t out;          /* output buffer */
    bool out_full;
    uint8_t command;      /* a command waiting for its data byte, or 0 */
    uint8_t port92;
    uint8_t cf9;
};

/*@ predicate Vi8042Valid(struct vi8042 *k) = \valid(k); */

/*@ requires valid: \valid(k);
    assigns *k;
    ensures valid: Vi8042Valid(k);
*/
void vi8042_reset(struct vi8042 *k);

/* A byte read of 0x60, 0x64, 0x92 or 0xcf9 (others read 0xff). */
/*@ requires valid: Vi8042Valid(k);
    assigns *k;
*/
uint8_t vi8042_read(struct vi8042 *k, uint16_t port);

/* A byte write; returns true if it pulls the CPU reset line (0x64 command
 * 0xfe, output-port bit 0 clear, 0xcf9 bit 2, port 92 bit 0). */
/*@ requires valid: Vi8042Valid(k);
    assigns *k;
*/
bool vi8042_write(struct vi8042 *k, uint16_t port, uint8_t val);

#endif /* STRATA_GUEST_HVM_DM_VI8042_H */
