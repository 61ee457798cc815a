/* SPDX-License-Identifier: MIT */
/* vpic.h - two cascaded 8259A interrupt controllers (0x20/0xa0) with the ELCR (0x4d0/0x4d1). */
#ifndef STRATA_GUEST_HVM_DM_VPIC_H
#define STRATA_GUEST_HVM_DM_VPIC_H

#include <stdbool.h>
#include <stdint.h>

#define VPIC_NR_IRQS       16U
#define VPIC_MASTER_CMD    0x20U
#define VPIC_MASTER_DATA   0x21U
#define VPIC_SLAVE_CMD     0xa0U
#define VPIC_SLAVE_DATA    0xa1U
#define VPIC_ELCR_MASTER   0x4d0U
#define VPIC_ELCR_SLAVE    0x4d1U
#define VPIC_CASCADE_IRQ   2U
#define VPIC_NONE          (-1)

/* One 8259A; only vpic.c reads or writes the fields. */
struct vpic_chip {
    uint8_t irr;           /* requests latched (edge) or following the line (level) */
    uint8_t isr;           /* in service */
    uint8_t imr;           /* masked (OCW1) */
    uint8_t elcr;          /* inputs in level mode (ELCR) */
    uint8_t elcr_mask;     /* ELCR bits the chipset lets be level */
    uint8_t lines;         /* input levels as last set */
    uint8_t vector_base;   /* ICW2 with the low 3 bits clear */
    uint8_t lowest;        /* IR of lowest priority (rotation), 0..7 */
    uint8_t init_step;     /* 0: operational; 2, 3, 4: the ICW expected next */
    bool need_icw4;        /* ICW1 IC4 */
    bool single;           /* ICW1 SNGL: no ICW3 */
    bool auto_eoi;         /* ICW4 AEOI */
    bool rotate_on_aeoi;   /* OCW2 rotate in automatic EOI mode */
    bool read_isr;         /* OCW3 RR/RIS: the command port reads the ISR */
    bool poll;             /* OCW3 P: the next command-port read polls */
    bool special_mask;     /* OCW3 SMM */
    bool fully_nested;     /* ICW4 SFNM */
};

/* The master (chip[0], IRQ 0-7) and the slave (chip[1], IRQ 8-15 on master IR2). */
struct vpic {
    struct vpic_chip chip[2];
};

/*@ predicate VpicChipValid(struct vpic_chip *c) =
        \valid(c) && c->lowest <= 7 && c->init_step <= 4 && c->vector_base <= 0xf8;
    predicate VpicValid(struct vpic *p) =
        \valid(p) && VpicChipValid(&p->chip[0]) && VpicChipValid(&p->chip[1]);
*/

/* Power-on state: both chips uninitialised, all inputs masked, edge mode. */
/*@ requires valid: \valid(pic);
    assigns *pic;
    ensures valid: VpicValid(pic);
    ensures masked: pic->chip[0].imr == 0xff && pic->chip[1].imr == 0xff;
*/
void vpic_reset(struct vpic *pic);

/* Drive input irq (0..15) to level; IRQ 2 is the cascade and ignored. */
/*@ requires valid: VpicValid(pic);
    assigns *pic;
    ensures valid: VpicValid(pic);
*/
void vpic_set_irq(struct vpic *pic, unsigned int irq, bool level);

/* The master's INT output: an unmasked request outranks what is in service. */
/*@ requires valid: VpicValid(pic);
    assigns \nothing;
*/
bool vpic_output(const struct vpic *pic);

/* The vector an INTA cycle would return now, or VPIC_NONE if INT is low. */
/*@ requires valid: VpicValid(pic);
    assigns \nothing;
    ensures range: \result == VPIC_NONE || (0 <= \result <= 255);
*/
int vpic_pending_vector(const struct vpic *pic);

/* The INTA cycle: the highest request goes in service; returns its vector
 * (IR7's vector of the chip answering if nothing is requested: spurious). */
/*@ requires valid: VpicValid(pic);
    assigns *pic;
    ensures valid: VpicValid(pic);
    ensures range: 0 <= \result <= 255;
*/
int vpic_ack(struct vpic *pic);

/* A byte read of a PIC or ELCR port; other ports read 0xff. A read may
 * act (OCW3 poll acknowledges the request it reports). */
/*@ requires valid: VpicValid(pic);
    assigns *pic;
    ensures valid: VpicValid(pic);
*/
uint8_t vpic_read(struct vpic *pic, uint16_t port);

/* A byte write of a PIC or ELCR port (ICW1-4, OCW1-3, ELCR); other ports
 * are ignored. */
/*@ requires valid: VpicValid(pic);
    assigns *pic;
    ensures valid: VpicValid(pic);
*/
void vpic_write(struct vpic *pic, uint16_t port, uint8_t val);

#endif /* STRATA_GUEST_HVM_DM_VPIC_H */
