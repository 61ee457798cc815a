/* SPDX-License-Identifier: MIT */
/* entry.S - hvm64 interrupt and exception stubs (all 256 vectors) and the return by iretq. */

#define STUB_SIZE 16

/*
 * The CPU pushes {ss, rsp, rflags, cs, rip} and for some exceptions an
 * error code; each stub pushes a zero where there is none and its
 * vector, then trap_common saves the registers: struct trap_regs
 * (exceptions.h), the same layout as pv64.
 */
    .text
    .balign STUB_SIZE
    .globl idt_stubs
idt_stubs:
    vec = 0
    .rept 256
    .balign STUB_SIZE
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq   $0
    .endif
    pushq   $vec
    jmp     trap_common
    vec = vec + 1
    .endr

trap_common:
    push    %rax
    push    %rbx
    push    %rcx
    push    %rdx
    push    %rsi
    push    %rdi
    push    %rbp
    push    %r8
    push    %r9
    push    %r10
    push    %r11
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    mov     %rsp, %rdi
    cld
    call    trap_handle
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %r11
    pop     %r10
    pop     %r9
    pop     %r8
    pop     %rbp
    pop     %rdi
    pop     %rsi
    pop     %rdx
    pop     %rcx
    pop     %rbx
    pop     %rax
    add     $16, %rsp
    iretq

    .section .note.GNU-stack, "", @progbits
