/* SPDX-License-Identifier: MIT */
/* arch.h - the pv64 environment: a 64-bit Xen PV guest kernel in ring 3. */
#ifndef GUEST_ENV_PV64_ARCH_H
#define GUEST_ENV_PV64_ARCH_H

/*
 * Every environment's arch.h provides the same interface (see
 * ../hvm64/arch.h for the list): ENV_NAME, arch_hypercall(), the way the
 * console reaches the hypervisor, and the start of day (head.S calls
 * env_start(), which calls env_setup() and then test_main()).
 */
#include "libc.h"

#define ENV_NAME "pv64"
#define ENV_PV 1

/* How hypercalls enter Strata: `syscall` (RAX = number, args in RDI RSI
 * RDX R10 R8, result in RAX), or a call into the hypercall page the
 * hypervisor filled (images built with HYPERCALL page only). */
enum hypercall_method { HYPERCALL_SYSCALL, HYPERCALL_PAGE };

extern bool hypercall_use_page;              /* also read by entry.S (iret) */
extern const uint8_t hypercall_page_present; /* head.S: the note was emitted */
extern uint8_t hypercall_page[4096];

static inline long arch_hypercall_syscall(long nr, long a1, long a2, long a3,
                                          long a4, long a5)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;

    /* A continuation re-issues the call with updated arguments, so the
     * argument registers come back changed: all are outputs. */
    __asm__ volatile("syscall"
                     : "+a"(nr), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     : : "rcx", "r9", "r11", "memory");
    return nr;
}

static inline long arch_hypercall_page(long nr, long a1, long a2, long a3,
                                       long a4, long a5)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    long stub = (long)(hypercall_page + nr * 32);

    __asm__ volatile("call *%0"
                     : "+a"(stub), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     : : "rcx", "r9", "r11", "memory");
    return stub;
}

/* One hypercall by the current method. nr must be below 128. */
static inline long arch_hypercall(long nr, long a1, long a2, long a3, long a4, long a5)
{
    if (hypercall_use_page)
        return arch_hypercall_page(nr, a1, a2, a3, a4, a5);
    return arch_hypercall_syscall(nr, a1, a2, a3, a4, a5);
}

/* Switch the way in (and the iret path of the exception return).
 * Returns 0, or -1 when the image has no hypercall page. */
int hypercall_set_method(enum hypercall_method m);

#endif /* GUEST_ENV_PV64_ARCH_H */
