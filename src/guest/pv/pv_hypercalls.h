/* SPDX-License-Identifier: MIT */
/* pv_hypercalls.h - hypercalls only PV guests make (traps, callbacks, bases). */
#ifndef STRATA_GUEST_PV_PV_HYPERCALLS_H
#define STRATA_GUEST_PV_PV_HYPERCALLS_H

#include "hypercall/hypercall.h"

long do_set_trap_table(struct vcpu *v, struct hypercall_frame *f);
long do_stack_switch(struct vcpu *v, struct hypercall_frame *f);
long do_set_callbacks(struct vcpu *v, struct hypercall_frame *f);
long do_callback_op(struct vcpu *v, struct hypercall_frame *f);
long do_set_segment_base(struct vcpu *v, struct hypercall_frame *f);
long do_set_timer_op(struct vcpu *v, struct hypercall_frame *f);
long do_fpu_taskswitch(struct vcpu *v, struct hypercall_frame *f);
long do_iret_indirect(struct vcpu *v, struct hypercall_frame *f);
long do_vm_assist(struct vcpu *v, struct hypercall_frame *f);
long do_physdev_op(struct vcpu *v, struct hypercall_frame *f);
long do_set_debugreg(struct vcpu *v, struct hypercall_frame *f);
long do_get_debugreg(struct vcpu *v, struct hypercall_frame *f);

/* A canonical address outside the hypervisor's hole (what a guest may
 * name as a handler, stack or base). */
bool pv_guest_address_ok(uint64_t va);

/* Put the handlers above in the dispatch table (once, at boot). */
status_t pv_hypercalls_register(void);

#endif /* STRATA_GUEST_PV_PV_HYPERCALLS_H */
