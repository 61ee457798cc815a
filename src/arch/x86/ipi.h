/* SPDX-License-Identifier: MIT */
/* ipi.h - inter-processor interrupts, the NMI handler and logging from interrupt context. */
/* (arch_irq_save/arch_irq_restore of arch.h live in ipi.c too.) */
#ifndef STRATA_ARCH_X86_IPI_H
#define STRATA_ARCH_X86_IPI_H

#include "arch/arch.h"

/* Log lines per CPU an NMI or spurious interrupt prints; later ones are
 * only counted. */
#define IPI_LOG_MAX 4

/* Send a fixed interrupt with vector (>= 32) to CPU index cpu (this one
 * included); false if cpu is not online or vector is an exception's. */
bool ipi_send(unsigned int cpu, unsigned int vector);

/* Send an NMI to cpu; false if it is not online. */
bool ipi_send_nmi(unsigned int cpu);

/* The NMI handler (trap_dispatch, vector 2, on the NMI's IST stack):
 * counts, logs the first IPI_LOG_MAX per CPU and returns. */
void ipi_nmi(const struct cpu_regs *regs);

/* NMIs cpu has taken. */
uint64_t ipi_nmi_count(unsigned int cpu);

/* One log line from interrupt or NMI context: formatted on the stack and
 * written to the serial line without the console lock, which the
 * interrupted code on this CPU may hold (it may interleave with another
 * CPU's line; it never deadlocks). */
void ipi_log_unlocked(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif /* STRATA_ARCH_X86_IPI_H */
