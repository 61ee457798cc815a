/* SPDX-License-Identifier: MIT */
/* callback.h - callback_op (hypercall 30): where a PV guest takes events. */
#ifndef STRATA_PUBLIC_CALLBACK_H
#define STRATA_PUBLIC_CALLBACK_H

#include "public/xen.h"

#define CALLBACKOP_register     0  /* arg: struct callback_register */
#define CALLBACKOP_unregister   1  /* arg: struct callback_unregister */

#define CALLBACKTYPE_event      0  /* event-channel upcall */
#define CALLBACKTYPE_failsafe   1  /* a bounce frame could not be written */
#define CALLBACKTYPE_syscall    2  /* syscall from guest user mode */
#define CALLBACKTYPE_nmi        4
#define CALLBACKTYPE_sysenter   5
#define CALLBACKTYPE_syscall32  7

/* Events stay masked on entry to the callback. */
#define CALLBACKF_mask_events   (1U << 0)

struct callback_register {
    uint16_t type;
    uint16_t flags;
    uint32_t pad;
    uint64_t address;
};

struct callback_unregister {
    uint16_t type;
    uint16_t pad;
};

#ifndef __FRAMAC__
_Static_assert(sizeof(struct callback_register) == 16, "callback_register size");
#endif

#endif /* STRATA_PUBLIC_CALLBACK_H */
