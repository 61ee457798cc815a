/* SPDX-License-Identifier: MIT */
/* pv_vcpu_ctx.h - VCPUOP_initialise for PV: the first context of a further vCPU. */
#ifndef STRATA_GUEST_PV_PV_VCPU_CTX_H
#define STRATA_GUEST_PV_PV_VCPU_CTX_H

/*
 * Linux starts each secondary vCPU with VCPUOP_initialise(vcpu, ctxt):
 * a struct vcpu_guest_context with the registers, the trap table, the
 * GDT frames, the kernel L4 (CR3), the kernel stack for user traps, the
 * callbacks and the segment bases; then VCPUOP_up. As Xen's
 * arch_set_info_guest for a 64-bit PV guest: every address must be a
 * guest address, selector RPLs become 3, IOPL in RFLAGS becomes the
 * virtual IOPL, and the FPU image is taken only with VGCF_i387_valid.
 */
#include "guest/vcpu_state.h"

/* Read the context at guest address ctxt (with caller's tables), check
 * all of it, then load it into gv (target's state: PV state, registers,
 * data selectors, FPU image), taking target's GDT-frame and L4
 * references. -EFAULT: unreadable; -EINVAL: something refused (nothing
 * changed then); starting in user mode is refused. */
status_t pv_vcpu_context_load(struct vcpu *caller, struct vcpu *target,
                              struct guest_vcpu *gv, uint64_t ctxt);

#endif /* STRATA_GUEST_PV_PV_VCPU_CTX_H */
