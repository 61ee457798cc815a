/* SPDX-License-Identifier: MIT */
/* test_pv_guest.S - a tiny position-independent PV guest for test=pv. */

#define HC_set_trap_table   0
#define HC_console_io       18
#define HC_iret             23
#define HC_sched_op         29
#define SCHEDOP_shutdown    2
#define SHUTDOWN_poweroff   0
#define SHUTDOWN_crash      3

/* console_io(CONSOLEIO_write, len, buf) */
.macro say label, len
    mov     $HC_console_io, %eax
    xor     %edi, %edi
    mov     \len, %esi
    lea     \label(%rip), %rdx
    syscall
.endm

/*
 * Runs in ring 3 as a PV kernel: a console_io hypercall, a trap table
 * with an int3 handler that returns through HYPERVISOR_iret, WRMSR and
 * RDMSR of GS_BASE (emulated), the forced-emulation CPUID, then
 * SCHEDOP_shutdown(poweroff). Any mismatch shuts down with crash.
 */
    .section .rodata
    .balign 16
    .globl pv_guest_blob
pv_guest_blob:
    say     hello, $(hello_end - hello)
    test    %rax, %rax
    jnz     fail

    /* One trap_info for #BP (DPL 3), then a zero terminator. */
    sub     $32, %rsp
    movq    $0, 16(%rsp)
    movq    $0, 24(%rsp)
    movl    $0xe0330303, 0(%rsp)        /* vector 3, flags 3, cs 0xe033 */
    movl    $0, 4(%rsp)
    lea     bp_handler(%rip), %rax
    mov     %rax, 8(%rsp)
    mov     %rsp, %rdi
    mov     $HC_set_trap_table, %eax
    syscall
    add     $32, %rsp
    test    %rax, %rax
    jnz     fail
    mov     $0x1234, %rbx
    int3
    cmp     $0x5678, %rbx
    jne     fail

    mov     $0xC0000101, %ecx           /* GS_BASE */
    mov     $0x11223344, %eax
    xor     %edx, %edx
    wrmsr
    xor     %eax, %eax
    rdmsr
    cmp     $0x11223344, %eax
    jne     fail

    mov     $0x40000000, %eax
    ud2
    .ascii  "xen"
    cpuid
    cmp     $0x566e6558, %ebx           /* "XenV" */
    jne     fail

    say     ok, $(ok_end - ok)
    mov     $SHUTDOWN_poweroff, %ebx
    jmp     shutdown
fail:
    say     bad, $(bad_end - bad)
    mov     $SHUTDOWN_crash, %ebx
shutdown:
    sub     $16, %rsp
    mov     %ebx, (%rsp)
    mov     %rsp, %rsi
    mov     $SCHEDOP_shutdown, %edi
    mov     $HC_sched_op, %eax
    syscall
    ud2

/* Bounce frame: rcx, r11, rip, cs, rflags, rsp, ss. Rebuild it as
 * HYPERVISOR_iret's { rax, r11, rcx, flags, rip, ... } and return. */
bp_handler:
    mov     $0x5678, %rbx
    pop     %rcx
    pop     %r11
    pushq   $0
    push    %rcx
    push    %r11
    push    %rax
    mov     $HC_iret, %eax
    syscall
    ud2

hello:  .ascii "PV smoke guest running in ring 3\n"
hello_end:
ok:     .ascii "Test result: SUCCESS pv\n"
ok_end:
bad:    .ascii "Test result: FAILURE pv\n"
bad_end:
    .globl pv_guest_blob_end
pv_guest_blob_end:

/* A vCPU that only burns CPU time (for the scheduler tests). */
    .balign 16
    .globl pv_spin_blob
pv_spin_blob:
1:  pause
    jmp     1b
    .globl pv_spin_blob_end
pv_spin_blob_end:
