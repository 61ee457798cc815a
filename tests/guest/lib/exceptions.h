/* SPDX-License-Identifier: MIT */
/* exceptions.h - the trap table, expected faults (exception table) and hooks. */
#ifndef GUEST_EXCEPTIONS_H
#define GUEST_EXCEPTIONS_H

#include "libc.h"

#define X86_DE 0
#define X86_DB 1
#define X86_NMI 2
#define X86_BP 3
#define X86_OF 4
#define X86_BR 5
#define X86_UD 6
#define X86_NM 7
#define X86_DF 8
#define X86_TS 10
#define X86_NP 11
#define X86_SS 12
#define X86_GP 13
#define X86_PF 14
#define X86_MF 16
#define X86_AC 17
#define X86_MC 18
#define X86_XM 19
#define SOFT_INT_VECTOR 0x80       /* `int $0x80` is forwarded (DPL 3) */
#define VECTOR_EVENT    0x100      /* trap_regs.vector of the event upcall */
#define VECTOR_FAILSAFE 0x101
#define NO_EXCEPTION    0xffffU    /* last_exception.vector before any */

/* What the entry stubs save (entry.S), lowest address first. */
struct trap_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;     /* the frame the hypervisor wrote */
};

/* The last exception that an exception-table entry resumed from. */
struct exception_info {
    unsigned int vector;
    uint64_t error, rip, cs, rflags, rsp, ss;
    uint64_t cr2;           /* vcpu_info.arch.cr2, for #PF */
    unsigned int count;     /* fixups taken since exception_clear() */
};
extern struct exception_info last_exception;

/*
 * Put EXTABLE_ENTRY("1b", "2b") after an instruction between labels 1:
 * and 2: in inline asm: if it faults (saved RIP at 1:) or traps (saved
 * RIP at 2:, vectors #DB #BP #OF and int $0x80 only), execution resumes
 * at 2: and last_exception describes what happened.
 */
#define EXTABLE_ENTRY(from, to) \
    ".pushsection .extable, \"a\"\n\t.balign 8\n\t.quad " from ", " to "\n\t.popsection\n\t"

/* Where a probe ran: the addresses of 1: and 2: and RSP at 1:. */
struct probe {
    uint64_t from, to, sp;
};

/*
 * PROBE(p, "insn", inputs...): run one instruction as 1: insn 2: with an
 * exception-table entry and record its labels and RSP in p. The
 * instruction must not change registers the compiler relies on (use
 * explicit asm for anything that writes registers).
 */
#define PROBE(p, insn, ...) \
    __asm__ volatile("lea 1f(%%rip), %[pf]\n\tlea 2f(%%rip), %[pt]\n\tmov %%rsp, %[ps]\n" \
                     "1: " insn "\n2:\n\t" EXTABLE_ENTRY("1b", "2b") \
                     : [pf] "=&r"((p).from), [pt] "=&r"((p).to), [ps] "=&r"((p).sp) \
                     : __VA_ARGS__ : "memory")

/* Forget the last exception (vector NO_EXCEPTION, count 0). */
void exception_clear(void);

/* A hook sees the saved registers of every exception of its vector
 * first; returning true resumes with them (possibly changed). */
typedef bool (*trap_hook_fn)(struct trap_regs *regs);
void trap_set_hook(unsigned int vector, trap_hook_fn fn);

/* Register the trap table (vectors 0-31 and int $0x80) again, or drop it. */
long traps_install(void);
long traps_uninstall(void);

/* Called by entry.S for every exception and upcall. */
void trap_handle(struct trap_regs *regs);

/* Name of a vector ("#PF"), for messages. */
const char *exception_name(unsigned int vector);

#endif /* GUEST_EXCEPTIONS_H */
