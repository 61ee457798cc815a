/* SPDX-License-Identifier: MIT */
/* hvm_backend.h - the vendor-neutral interface to hardware virtualisation (SVM now, VMX next). */
#ifndef STRATA_ARCH_HVM_BACKEND_H
#define STRATA_ARCH_HVM_BACKEND_H

/*
 * The guest layer (src/guest/hvm) runs HVM vCPUs through these calls
 * only; nothing above L1 knows whether AMD SVM or Intel VMX sits below.
 * A backend vCPU lives in ARCH_HVM_VCPU_FRAMES contiguous frames the
 * caller allocates and zeroes (an order ARCH_HVM_VCPU_ORDER block).
 * Its general registers travel in a struct cpu_regs (rip, rsp, rflags
 * included; vector, error_code, cs and ss are unused); everything else
 * the guest owns (control registers, segments, system MSRs) stays in
 * the backend and is read and written as a struct arch_hvm_state.
 * Implementations: src/arch/x86/svm/ (the machine), src/arch/host/
 * hvm_fake.c (host tests). Design: docs/hvm.md "Backend and exits".
 */
#include "arch/arch.h"
#include "lib/status.h"

#define ARCH_HVM_VCPU_ORDER  1U
#define ARCH_HVM_VCPU_FRAMES (1U << ARCH_HVM_VCPU_ORDER)

/* One segment register. attr is AMD's packed form: bits 0-7 the type,
 * S, DPL and P bits of the descriptor (its byte 5), bits 8-11 AVL, L,
 * D/B and G (the high nibble of byte 6). */
struct arch_hvm_seg {
    uint16_t sel;
    uint16_t attr;
    uint32_t limit;
    uint64_t base;
};

#define HVM_SEG_ATTR_L   (1U << 9)     /* 64-bit code */
#define HVM_SEG_ATTR_DB  (1U << 10)    /* 32-bit default size */

enum arch_hvm_seg_id {
    HVM_SEG_ES, HVM_SEG_CS, HVM_SEG_SS, HVM_SEG_DS, HVM_SEG_FS, HVM_SEG_GS,
    HVM_SEG_GDTR, HVM_SEG_LDTR, HVM_SEG_IDTR, HVM_SEG_TR, HVM_SEG_COUNT
};

/* Everything of a vCPU beyond its general registers. efer is what the
 * guest sees (the backend adds what the hardware needs). */
struct arch_hvm_state {
    uint64_t cr0, cr2, cr3, cr4, efer;
    uint64_t dr6, dr7, pat;
    uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    struct arch_hvm_seg seg[HVM_SEG_COUNT];
    uint8_t cpl;
};

/* Why the guest stopped. */
enum arch_hvm_exit_reason {
    HVM_EXIT_INTR,          /* a host interrupt (already taken) */
    HVM_EXIT_NMI,           /* a host NMI (already taken) */
    HVM_EXIT_IRQ_WINDOW,    /* the guest can take an interrupt now */
    HVM_EXIT_CPUID,
    HVM_EXIT_HLT,
    HVM_EXIT_IO,            /* io.* */
    HVM_EXIT_MSR_READ,      /* MSR number in RCX */
    HVM_EXIT_MSR_WRITE,     /* value in EDX:EAX */
    HVM_EXIT_NPF,           /* npf.*: no or a read-only guest-physical page */
    HVM_EXIT_HYPERCALL,     /* vmmcall / vmcall */
    HVM_EXIT_SHUTDOWN,      /* triple fault */
    HVM_EXIT_UD,            /* a virtualisation instruction: the guest gets #UD */
    HVM_EXIT_EXCEPTION,     /* exception.*: an intercepted exception (#MC) */
    HVM_EXIT_PAUSE,
    HVM_EXIT_INVALID,       /* the hardware refused the guest state */
    HVM_EXIT_INTERNAL,      /* the backend's own business (NMI unmasking): nothing to do */
    HVM_EXIT_OTHER,         /* anything else: raw says what */
};

struct arch_hvm_exit {
    enum arch_hvm_exit_reason reason;
    uint64_t raw;               /* the vendor's exit code, for messages */
    struct {
        uint16_t port;
        uint8_t size;           /* 1, 2, 4 */
        bool in;
        bool string;            /* INS/OUTS */
        bool rep;
        uint8_t addr_size;      /* INS/OUTS: 2, 4 or 8 (RSI/RDI/RCX width) */
        uint64_t next_rip;      /* the hardware reports it for I/O */
    } io;
    struct {
        uint64_t gpa;
        bool write, fetch, present;
    } npf;
    struct {
        uint8_t vector;
        uint32_t error_code;
    } exception;
};

/* Event types for arch_hvm_inject. */
enum arch_hvm_event {
    HVM_EVENT_EXTINT,       /* an external interrupt */
    HVM_EVENT_NMI,
    HVM_EVENT_EXCEPTION,    /* a fault or trap (with an error code when has_error) */
};

/* Set up hardware virtualisation on the calling CPU (idempotent; every
 * CPU calls it before its first arch_hvm_run). false: no usable backend
 * on this machine, *why says what is missing. */
bool arch_hvm_available(const char **why);

/* Make a backend vCPU in frames (ARCH_HVM_VCPU_FRAMES, zeroed) for a
 * guest whose nested page table root is npt_root; flush_tag is the tag
 * that P2M flushes of this guest use (arch_flush_guest_tlb). The vCPU
 * starts in the reset state (real mode, CS:IP f000:fff0). */
struct arch_hvm_vcpu *arch_hvm_vcpu_init(mfn_t frames, mfn_t npt_root, uint32_t flush_tag);

/* Read / replace the non-GPR state. set validates nothing beyond what
 * the hardware checks at entry (a refusal is HVM_EXIT_INVALID). */
void arch_hvm_get_state(const struct arch_hvm_vcpu *hv, struct arch_hvm_state *st);
void arch_hvm_set_state(struct arch_hvm_vcpu *hv, const struct arch_hvm_state *st);

/* Enter the guest with regs and run it until the next exit; regs then
 * holds its registers and *exit why it stopped. Called with interrupts
 * disabled, returns with them disabled (a host interrupt that caused
 * the exit has been handled). The CPU's FPU state is the guest's. */
void arch_hvm_run(struct arch_hvm_vcpu *hv, struct cpu_regs *regs, struct arch_hvm_exit *exit);

/* Deliver an event at the next entry. An event the guest was receiving
 * when it exited is re-delivered by the backend on its own. */
void arch_hvm_inject(struct arch_hvm_vcpu *hv, enum arch_hvm_event type, uint8_t vector,
                     bool has_error, uint32_t error_code);

/* An injected event not yet delivered to the guest. */
bool arch_hvm_event_pending(const struct arch_hvm_vcpu *hv);

/* The guest would take an external interrupt now: RFLAGS.IF set, no
 * interrupt shadow (STI / MOV SS) and no event waiting to be injected. */
bool arch_hvm_interruptible(const struct arch_hvm_vcpu *hv, const struct cpu_regs *regs);

/* The guest would take an NMI now: not inside the handler of an NMI
 * injected earlier (until its IRET has run) and no event waiting. The
 * backend tracks that blocking itself once it injected an NMI. */
bool arch_hvm_nmi_allowed(const struct arch_hvm_vcpu *hv);

/* Ask for (or cancel) an HVM_EXIT_IRQ_WINDOW exit once the guest can
 * take an interrupt. */
void arch_hvm_irq_window(struct arch_hvm_vcpu *hv, bool on);

#endif /* STRATA_ARCH_HVM_BACKEND_H */
