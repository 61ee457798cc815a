/* SPDX-License-Identifier: MIT */
/* pic.h - the legacy 8259 interrupt controllers (disabled). */
#ifndef STRATA_ARCH_X86_PIC_H
#define STRATA_ARCH_X86_PIC_H

/* Remap both PICs to vectors 0x20-0x2f and mask every line. */
void pic_disable(void);

#endif /* STRATA_ARCH_X86_PIC_H */
