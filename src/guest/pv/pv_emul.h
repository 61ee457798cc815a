/* SPDX-License-Identifier: MIT */
/* pv_emul.h - emulation of the privileged instructions a PV kernel uses. */
#ifndef STRATA_GUEST_PV_PV_EMUL_H
#define STRATA_GUEST_PV_PV_EMUL_H

/*
 * A PV kernel runs in ring 3, so RDMSR/WRMSR and reads of control
 * registers raise #GP; CPUID runs natively unless prefixed with Xen's
 * forced-emulation marker (ud2 + "xen"), which raises #UD. Strata
 * decodes those few forms and either completes them (RIP advanced) or
 * tells the caller to deliver the fault to the guest.
 */
#include "guest/pv/pv_vcpu.h"

enum pv_emul_result {
    PV_EMUL_DONE,       /* emulated; regs updated, RIP advanced */
    PV_EMUL_INJECT_GP,  /* a recognised instruction the guest may not do */
    PV_EMUL_NOT_MINE,   /* not an instruction Strata emulates */
};

/* On #GP(0) in guest kernel mode. */
enum pv_emul_result pv_emulate_privileged(struct vcpu *v, struct pv_vcpu *pv,
                                          struct cpu_regs *regs);

/* On #UD: the forced-emulation CPUID. */
enum pv_emul_result pv_emulate_forced_cpuid(struct vcpu *v, struct cpu_regs *regs);

/* On #PF (cr2, error code): a guest-kernel write through a read-only
 * mapping of one of its own validated page tables (Linux writes PTEs in
 * place). The instruction is decoded and emulated, the new entry goes
 * through pv_mm_write_entry; NOT_MINE (the caller bounces the #PF) for
 * anything else, a refused entry or a form Strata does not emulate. */
enum pv_emul_result pv_emulate_pt_write(struct vcpu *v, struct pv_vcpu *pv,
                                        struct cpu_regs *regs, uint64_t cr2,
                                        uint64_t error);

/* The CPUID a PV guest sees: out = { eax, ebx, ecx, edx }. */
void pv_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

#endif /* STRATA_GUEST_PV_PV_EMUL_H */
