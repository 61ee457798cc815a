/* SPDX-License-Identifier: MIT */
/* pic.c - move the legacy 8259 PICs off the exception vectors and mask them. */
#include "arch/x86/pic.h"
#include "arch/x86/cpu.h"

#define PIC1_CMD        0x20
#define PIC1_DATA       0x21
#define PIC2_CMD        0xa0
#define PIC2_DATA       0xa1
#define ICW1_INIT_ICW4  0x11
#define ICW4_8086       0x01
#define PIC1_BASE       0x20    /* IRQ 0-7 -> vectors 0x20-0x27 */
#define PIC2_BASE       0x28    /* IRQ 8-15 -> vectors 0x28-0x2f */

/* The BIOS leaves IRQ 0-7 on vectors 8-15, where the PIT's IRQ 0 would
 * look like a double fault. Remap first (so a spurious IRQ 7/15 lands
 * on a harmless vector), then mask everything: Strata uses the LAPIC. */
void pic_disable(void)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, PIC1_BASE);
    outb(PIC2_DATA, PIC2_BASE);
    outb(PIC1_DATA, 4);         /* slave on IRQ 2 */
    outb(PIC2_DATA, 2);         /* slave identity */
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
}
