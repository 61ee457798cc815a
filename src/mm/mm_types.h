/* SPDX-License-Identifier: MIT */
/* mm_types.h - the small scalar types every mm interface shares. */
#ifndef STRATA_MM_MM_TYPES_H
#define STRATA_MM_MM_TYPES_H

#include "lib/compiler.h"

/* A domain identifier, as in Xen's ABI (uint16_t). */
typedef uint16_t domid_t;

/* Reserved owners, numbers identical to Xen's public/xen.h. */
#ifndef DOMID_XEN
#define DOMID_XEN      ((domid_t)0x7FF2U)  /* the hypervisor itself */
#endif
#ifndef DOMID_INVALID
#define DOMID_INVALID  ((domid_t)0x7FF4U)  /* no owner: free or not RAM */
#endif

/* First reserved identifier: guest domains are 0 .. DOMID_FIRST_RESERVED-1. */
#define MM_DOMID_FIRST_RESERVED 0x7FF0U

/* A guest frame number (guest-physical address >> PAGE_SHIFT). */
typedef uint64_t gfn_t;
#define INVALID_GFN    ((gfn_t)0xFFFFFFFFFFFFFFFFULL)

/* Flush tag meaning "every guest translation" for arch_flush_guest_tlb. */
#define MM_TLB_TAG_ALL 0xFFFFFFFFU

#endif /* STRATA_MM_MM_TYPES_H */
