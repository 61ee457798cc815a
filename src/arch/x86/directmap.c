/* SPDX-License-Identifier: MIT */
/* directmap.c - arch_frame_to_virt / arch_virt_to_frame over the direct map. */
#include "arch/arch.h"
#include "arch/x86/layout.h"

void *arch_frame_to_virt(mfn_t mfn)
{
    return (void *)(uintptr_t)(DIRECTMAP_BASE + (mfn << PAGE_SHIFT));
}

mfn_t arch_virt_to_frame(const void *p)
{
    return ((uintptr_t)p - DIRECTMAP_BASE) >> PAGE_SHIFT;
}
