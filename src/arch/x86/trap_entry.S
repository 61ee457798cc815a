/* SPDX-License-Identifier: MIT */
/* trap_entry.S - one 16-byte stub per vector, all joining trap_common. */

/* Vectors for which the CPU pushes an error code itself. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                      (v) == 21 || (v) == 29 || (v) == 30)

/*
 * Stub layout is fixed (16 bytes each) so idt.c finds stub v at
 * trap_stubs + 16 * v. Each stub makes the frame uniform: a zero error
 * code where the CPU pushed none, then the vector number.
 */
    .text
    .p2align 4
    .globl trap_stubs
trap_stubs:
    vec = 0
    .rept 256
    .p2align 4
    .if HAS_ERROR(vec) == 0
    pushq   $0
    .endif
    pushq   $vec
    jmp     trap_common
    vec = vec + 1
    .endr

/* Save every general register as struct cpu_regs (traps.h), call
 * trap_dispatch(regs), restore (a fixup may have changed rip). */
trap_common:
    testb   $3, 24(%rsp)                /* CS: from a guest (ring 3)? */
    jz      1f
    swapgs
1:  pushq   %rax
    pushq   %rbx
    pushq   %rcx
    pushq   %rdx
    pushq   %rsi
    pushq   %rdi
    pushq   %rbp
    pushq   %r8
    pushq   %r9
    pushq   %r10
    pushq   %r11
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    mov     %rsp, %rdi
    cld
    call    trap_dispatch
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %r11
    popq    %r10
    popq    %r9
    popq    %r8
    popq    %rbp
    popq    %rdi
    popq    %rsi
    popq    %rdx
    popq    %rcx
    popq    %rbx
    popq    %rax
    add     $16, %rsp               /* vector and error code */
    testb   $3, 8(%rsp)             /* back to a guest: its GS again */
    jz      2f
    swapgs
2:  iretq
