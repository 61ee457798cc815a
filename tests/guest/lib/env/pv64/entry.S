/* SPDX-License-Identifier: MIT */
/* entry.S - pv64 exception, event and failsafe entries; the return by HYPERVISOR_iret. */

#define HC_iret            23
#define HYPERCALL_STUB     32
#define VECTOR_EVENT       0x100   /* trap_regs.vector of the event upcall */
#define VECTOR_FAILSAFE    0x101

/*
 * Strata (like Xen) enters with the bounce frame {rcx, r11, [error], rip,
 * cs, rflags, rsp, ss} on the stack. Pop rcx/r11 back, push a zero error
 * where the CPU gives none and the vector, then the registers: what is
 * left is struct trap_regs (traps.h).
 */
.macro trap_stub vector, has_error
    .balign 16
    pop     %rcx
    pop     %r11
    .if \has_error == 0
    pushq   $0
    .endif
    pushq   $\vector
    jmp     trap_common
.endm

    .text
    .balign 16
    .globl trap_stubs
trap_stubs:
    .irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
    .balign 32
    .globl trap_stub_\v
trap_stub_\v:
    trap_stub \v, 0
    .endr
    .irp v, 8,10,11,12,13,14,17,21,29,30
    .balign 32
    .globl trap_stub_\v
trap_stub_\v:
    trap_stub \v, 1
    .endr

/* Stub address by vector, for the trap table (traps.c). */
    .section .rodata
    .balign 8
    .globl trap_stub_table
trap_stub_table:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_stub_\v
    .endr
    .text

/* Software interrupts the tests forward from ring 3 (int $n, DPL 3). */
    .balign 32
    .globl trap_stub_soft
trap_stub_soft:
    trap_stub 0x80, 0

    .balign 32
    .globl event_callback_entry
event_callback_entry:
    trap_stub VECTOR_EVENT, 0

    .balign 32
    .globl failsafe_callback_entry
failsafe_callback_entry:
    trap_stub VECTOR_FAILSAFE, 0

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
    add     $16, %rsp           /* vector, error */
    .globl trap_iret
trap_iret:
    /* Now {rip, cs, rflags, rsp, ss}: HYPERVISOR_iret with flags 0. */
    pushq   $0
    testb   $1, hypercall_use_page(%rip)
    jnz     1f
    push    %rcx
    push    %r11
    push    %rax
    mov     $HC_iret, %eax
    syscall
    ud2
1:  jmp     hypercall_page + HC_iret * HYPERCALL_STUB

    .section .note.GNU-stack, "", @progbits
