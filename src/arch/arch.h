/* SPDX-License-Identifier: MIT */
/* arch.h - the narrow interface from the portable layers down to L1. */
#ifndef STRATA_ARCH_ARCH_H
#define STRATA_ARCH_ARCH_H

/*
 * Layers L2-L5 reach the machine only through this header. Two
 * implementations exist: src/arch/x86/ (the real hypervisor) and
 * src/arch/host/ (unit tests: frames in host memory, locks as counters).
 * Nothing here may name a vendor feature; SVM/VMX sit behind their own
 * backend interface (added with HVM).
 */
#include "lib/compiler.h"

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PAGE_MASK       (~(PAGE_SIZE - 1))

typedef uint64_t paddr_t;   /* machine physical address */
typedef uint64_t mfn_t;     /* machine frame number */

#define INVALID_MFN     (~(mfn_t)0)

#ifdef STRATA_HOST
#include "arch/host/arch_impl.h"
#else
#include "arch/x86/arch_impl.h"
#endif

/* --- Frames: the hypervisor's view of machine memory -------------------- */

/* Hypervisor virtual address of machine frame mfn (the direct map). */
void *arch_frame_to_virt(mfn_t mfn);

/* Machine frame holding the direct-mapped address p. */
mfn_t arch_virt_to_frame(const void *p);

/* --- Locks (spinlock_t comes from arch_impl.h) ------------------------- */

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
/* True if the lock is held (by anyone); for assertions. */
bool spin_is_locked(const spinlock_t *lock);

/* --- CPUs and time ------------------------------------------------------ */

/* Index of the executing CPU, 0 .. arch_nr_cpus() - 1. */
unsigned int arch_cpu_id(void);

/* Number of CPUs online. */
unsigned int arch_nr_cpus(void);

/* Nanoseconds since boot from the calibrated TSC; monotonic per CPU. */
uint64_t arch_now_ns(void);

/* --- TLB maintenance hooks ---------------------------------------------- */

/* Flush the hypervisor's own TLB entries for [va, va + len) on every CPU. */
void arch_flush_hypervisor_range(const void *va, size_t len);

/* Flush guest-physical translations tagged tag (ASID/VPID/EPTP) everywhere;
 * the nested-paging code calls it after every P2M change it mirrors. */
void arch_flush_guest_tlb(uint32_t tag);

/* --- PV guest page tables ---------------------------------------------- */

/* L4 slots the hypervisor owns in every PV guest's L4 (Xen's ABI:
 * 0xffff800000000000 - 0xffff87ffffffffff). A guest entry there is
 * refused; arch_pv_init_l4 fills them. */
#define PV_XEN_L4_FIRST 256U
#define PV_XEN_L4_LAST  271U

/* Write the hypervisor's slots PV_XEN_L4_FIRST..LAST into the guest L4
 * table l4 (512 entries, mapped in the hypervisor): the hypervisor's own
 * mappings (supervisor-only) and the read-only M2P at slot 256. */
void arch_pv_init_l4(uint64_t *l4);

/* --- Console and stopping ----------------------------------------------- */

/* Write n bytes to the hypervisor console (serial line on x86). */
void arch_console_write(const char *s, size_t n);

/* Stop the machine: on x86 leaves QEMU through isa-debug-exit with code. */
NORETURN void arch_shutdown(int code);

#endif /* STRATA_ARCH_ARCH_H */
