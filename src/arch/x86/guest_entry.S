/* SPDX-License-Identifier: MIT */
/* guest_entry.S - syscall entry from a PV guest and the return to a guest. */
#include "arch/x86/layout.h"

#define PERCPU_SCRATCH_RSP  16
#define PERCPU_STACK_TOP    24
#define GUEST_CS64          0xe033
#define GUEST_DS            0xe02b
#define VECTOR_SYSCALL      0x100
#define REGS_SIZE           (22 * 8)

/*
 * A guest's syscall lands here with the guest's RSP and GS: swap to the
 * hypervisor GS, then build the same struct cpu_regs an exception from
 * ring 3 would leave at the top of this CPU's main stack (RIP from RCX,
 * RFLAGS from R11), so one return path serves both.
 */
    .text
    .globl guest_syscall_entry
guest_syscall_entry:
    swapgs
    mov     %rsp, %gs:PERCPU_SCRATCH_RSP
    mov     %gs:PERCPU_STACK_TOP, %rsp
    pushq   $GUEST_DS
    pushq   %gs:PERCPU_SCRATCH_RSP
    pushq   %r11
    pushq   $GUEST_CS64
    pushq   %rcx
    pushq   $0                          /* error code */
    pushq   $VECTOR_SYSCALL
    pushq   %rax
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
    call    guest_entry_syscall
    mov     %rsp, %rdi
    call    guest_return_path
    jmp     guest_restore

/* A syscall from 32-bit code: PV guests here are 64-bit only, so it is
 * reported as #UD at the guest's RIP (the guest layer decides). */
    .globl guest_syscall32_entry
guest_syscall32_entry:
    swapgs
    mov     %rsp, %gs:PERCPU_SCRATCH_RSP
    mov     %gs:PERCPU_STACK_TOP, %rsp
    pushq   $GUEST_DS
    pushq   %gs:PERCPU_SCRATCH_RSP
    pushq   %r11
    pushq   $0xe023
    pushq   %rcx
    pushq   $0
    pushq   $6                          /* #UD */
    jmp     guest_trap_common

/* Save the registers of a ring-3 frame whose vector and error code are
 * pushed, then hand it to the exception path. */
guest_trap_common:
    pushq   %rax
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
    jmp     guest_restore

/* arch_enter_guest(regs): regs is this CPU's guest frame; restore it. */
    .globl arch_enter_guest
arch_enter_guest:
    mov     %rdi, %rsp
    /* fall through */

/* Pop a struct cpu_regs and return to ring 3 with the guest's GS. */
    .globl guest_restore
guest_restore:
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
    add     $16, %rsp                   /* vector and error code */
    swapgs
    iretq

/* arch_run_cpu_loop(fn): fn(cpu) on the main stack below the guest frame. */
    .globl arch_run_cpu_loop
arch_run_cpu_loop:
    mov     %rdi, %rax
    mov     %gs:PERCPU_STACK_TOP, %rsp
    sub     $(REGS_SIZE + 64), %rsp
    and     $-16, %rsp
    mov     %gs:8, %edi                 /* cpu_id */
    xor     %ebp, %ebp
    call    *%rax
    ud2
