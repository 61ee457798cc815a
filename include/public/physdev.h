/* SPDX-License-Identifier: MIT */
/* physdev.h - physdev_op (hypercall 33): the sub-ops a PV domU uses. */
#ifndef STRATA_PUBLIC_PHYSDEV_H
#define STRATA_PUBLIC_PHYSDEV_H

#include "public/xen.h"

/* Virtual IOPL of the calling vCPU (0-3): with 1 or more, CLI/STI in
 * guest kernel mode are accepted (Xen's numbering and layout). */
#define PHYSDEVOP_set_iopl      6
#define PHYSDEVOP_set_iobitmap  7

struct physdev_set_iopl {
    uint32_t iopl;
};

#endif /* STRATA_PUBLIC_PHYSDEV_H */
