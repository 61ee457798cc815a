/* SPDX-License-Identifier: MIT */
/* setup.h - bring up the boot CPU; the one call L6 makes first. */
#ifndef STRATA_ARCH_X86_SETUP_H
#define STRATA_ARCH_X86_SETUP_H

#include "lib/compiler.h"
#include "arch/arch.h"

/*
 * Bring up the boot CPU from the state entry.S leaves: per-CPU data,
 * console, IDT, boot info, CPU discovery, early allocator, final page
 * tables, guarded stacks for every CPU, GDT/TSS, TSC and LAPIC timer
 * calibration. Then continue in next(arg) on the BSP's guarded stack;
 * never returns. magic and info are the loader's EAX and EBX.
 */
NORETURN void x86_setup(uint32_t magic, paddr_t info, void (*next)(void *), void *arg);

#endif /* STRATA_ARCH_X86_SETUP_H */
