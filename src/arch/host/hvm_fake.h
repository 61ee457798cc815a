/* SPDX-License-Identifier: MIT */
/* hvm_fake.h - controls of the host shim's fake HVM backend (unit tests of src/guest/hvm). */
#ifndef STRATA_ARCH_HOST_HVM_FAKE_H
#define STRATA_ARCH_HOST_HVM_FAKE_H

/*
 * The fake keeps a vCPU's state in plain memory and implements event
 * injection, interrupt windows and interruptibility the way the
 * interface defines them; arch_hvm_run returns the exit the test queued
 * and applies the register values the test queued with it, as if the
 * guest had run up to that exit.
 */
#include "arch/hvm_backend.h"

/* What the fake vCPU holds besides arch_hvm_state. */
struct host_hvm_vcpu_view {
    mfn_t npt_root;
    uint32_t flush_tag;
    bool event_pending;
    enum arch_hvm_event event_type;
    uint8_t event_vector;
    bool event_has_error;
    uint32_t event_error;
    bool irq_window;
    bool interrupt_shadow;     /* tests set it: STI / MOV SS shadow */
    bool nmi_masked;           /* set by an NMI injection; tests clear it (the IRET) */
    uint64_t runs;             /* arch_hvm_run calls */
};

/* The fake's bookkeeping of hv (writable: tests set interrupt_shadow). */
struct host_hvm_vcpu_view *host_hvm_view(struct arch_hvm_vcpu *hv);

/* Make arch_hvm_available fail with why (NULL: available again). */
void host_hvm_set_unavailable(const char *why);

/* The exit the next arch_hvm_run of hv reports, and the registers the
 * guest has then. */
void host_hvm_queue_exit(struct arch_hvm_vcpu *hv, const struct arch_hvm_exit *e,
                         const struct cpu_regs *regs_at_exit);

#endif /* STRATA_ARCH_HOST_HVM_FAKE_H */
