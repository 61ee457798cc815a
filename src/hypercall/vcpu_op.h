/* SPDX-License-Identifier: MIT */
/* vcpu_op.h - what vcpu_op (24) needs from the guest layer: VCPUOP_initialise. */
#ifndef STRATA_HYPERCALL_VCPU_OP_H
#define STRATA_HYPERCALL_VCPU_OP_H

#include "core/domain.h"

/*
 * Loading a register context into a vCPU that never ran is the guest
 * layer's (L5) work: it owns the per-vCPU registers, traps and the
 * scheduler unit. It registers its loader here at boot; until then
 * VCPUOP_initialise is -ENOSYS. The loader gets the caller, the target
 * (a vCPU of the caller's domain) and the guest address of the context.
 */
typedef long (*vcpu_initialise_fn)(struct vcpu *caller, struct vcpu *target, uint64_t ctxt);

/* Install fn (NULL: none). */
void vcpu_op_set_initialise(vcpu_initialise_fn fn);

#endif /* STRATA_HYPERCALL_VCPU_OP_H */
