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

/* --- Timer interrupt and wake-ups --------------------------------------- */

/* Arm this CPU's timer interrupt for deadline_ns (arch_now_ns() time; at
 * once if it has passed), replacing the previous arming. The guest loop
 * calls it with the earlier of the slice end and the CPU's first timer
 * before every wait and guest entry. A CPU never sleeps longer than a
 * bound (x86: 100 ms), so UINT64_MAX means "no deadline". */
void arch_timer_program(uint64_t deadline_ns);

/* Make cpu re-examine its timers and scheduler soon: a wake-up IPI to
 * another online CPU; nothing for the calling CPU (it does so anyway
 * before it waits or enters a guest) or an offline one. */
void arch_kick_cpu(unsigned int cpu);

/* --- Physical interrupt lines --------------------------------------------- */

/* Disable interrupts on this CPU; returns whether they were enabled, for
 * arch_irq_restore (which re-enables them only then). */
bool arch_irq_save(void);
void arch_irq_restore(bool enabled);

/* Mask / unmask physical line irq (a GSI: an IOAPIC pin on x86); nothing
 * for a line the machine does not have or has not routed. */
void arch_irq_line_mask(unsigned int irq);
void arch_irq_line_unmask(unsigned int irq);

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

/* --- Guest execution ---------------------------------------------------- */

/* A vCPU's general registers as the entry code saves them, lowest address
 * first (x86-64; host tests use the same layout). The last five are the
 * hardware interrupt frame. */
struct cpu_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* The vector value the syscall entry records in cpu_regs.vector. */
#define ARCH_VECTOR_SYSCALL 0x100U

/* Selectors a 64-bit PV guest runs with (Xen's flat ring-3 values). */
#define ARCH_GUEST_CS64 0xe033U
#define ARCH_GUEST_CS32 0xe023U
#define ARCH_GUEST_DS   0xe02bU

/* Implemented by the guest layer (L5), called by the arch entry code
 * with this CPU's guest frame (interrupts disabled): */
/* syscall executed by a guest. */
void guest_entry_syscall(struct cpu_regs *regs);
/* An exception (vector < 32) raised while a guest ran. */
void guest_entry_exception(struct cpu_regs *regs);
/* Last step before the frame is restored into the guest: may reschedule
 * (rewriting *regs) or never return (this CPU goes idle). */
void guest_return_path(struct cpu_regs *regs);

/* This CPU's guest frame: where every entry from a guest saves it. */
struct cpu_regs *arch_guest_frame(void);

/* Restore *regs (which must be arch_guest_frame()) into the guest. */
NORETURN void arch_enter_guest(struct cpu_regs *regs);

/* Run fn(cpu) on a fresh stack just below this CPU's guest frame. */
NORETURN void arch_run_cpu_loop(void (*fn)(unsigned int cpu));

/* Make every CPU run fn(cpu) on its loop stack; never returns. */
NORETURN void arch_start_cpu_loops(void (*fn)(unsigned int cpu));

/* Wait for an interrupt with interrupts enabled, then disable them. */
void arch_idle_wait(void);
void arch_irq_disable(void);
void arch_irq_enable(void);

/* Page-table base for guest execution (frame of an L4), and back to the
 * hypervisor's own tables. */
void arch_load_guest_l4(mfn_t l4);
void arch_load_idle_l4(void);
/* Make frames[0..nr) (nr <= 14, a PV vCPU's validated descriptor frames)
 * this CPU's GDT below selector 0xe000; the rest read as not present.
 * nr = 0 leaves no guest descriptor mapped. */
void arch_load_guest_gdt(const mfn_t *frames, unsigned int nr);

/* The data segment selectors of a PV vCPU: Strata never loads them
 * while it runs, so they stay the guest's until another vCPU's go in. */
struct arch_guest_sels {
    uint16_t ds, es, fs, gs;
};

/* Read this CPU's DS/ES/FS/GS (the vCPU leaving it). */
void arch_save_guest_selectors(struct arch_guest_sels *s);

/* Load them for the vCPU entering (interrupts off, its GDT loaded, the
 * caller has checked each against that GDT); FS/GS bases must be set
 * after (arch_set_guest_bases). A selector the CPU refuses becomes null. */
void arch_load_guest_selectors(const struct arch_guest_sels *s);

/* Load selector sel into GS for the running PV vCPU (its user GS,
 * set_segment_base GS_USER_SEL) and return the base the descriptor
 * gives; the vCPU's active GS base is left as it was. A selector the CPU
 * refuses loads the null selector instead. Call with the vCPU's bases
 * loaded (from its hypercall). */
uint64_t arch_load_guest_user_gs(uint16_t sel);

/* Flush this CPU's non-global TLB entries / one address. */
void arch_flush_local_tlb(void);
void arch_invlpg(uint64_t va);

/* Guest segment bases of the running vCPU: FS, the active GS (the one
 * the guest sees now) and the inactive one (its swapgs partner). */
void arch_set_guest_bases(uint64_t fs, uint64_t gs_active);
uint64_t arch_guest_fs_base(void);
uint64_t arch_guest_gs_base(void);

/* FPU/SSE state: 512 bytes, 16-byte aligned. */
#define ARCH_FPU_BYTES 512U
void arch_fpu_save(void *area);
void arch_fpu_restore(const void *area);
void arch_fpu_init_state(void *area);
/* Set or clear CR0.TS of this CPU: while set, the next FPU/SSE instruction
 * raises #NM (a PV vCPU's virtual TS). arch_fpu_save/restore clear it. */
void arch_fpu_set_ts(bool ts);

/* The time-stamp counter and its calibrated rate (Hz). */
uint64_t arch_read_tsc(void);
uint64_t arch_tsc_hz(void);

/* CPUID of the machine: out = { eax, ebx, ecx, edx }. */
void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

/* The faulting address of the last page fault on this CPU. */
uint64_t arch_read_cr2(void);

/* --- Console and stopping ----------------------------------------------- */

/* Write n bytes to the hypervisor console (serial line on x86). */
void arch_console_write(const char *s, size_t n);

/* One byte typed on the hypervisor console, or -1 if none is waiting. */
int arch_console_read(void);

/* Stop the machine: on x86 leaves QEMU through isa-debug-exit with code. */
NORETURN void arch_shutdown(int code);

#endif /* STRATA_ARCH_ARCH_H */
