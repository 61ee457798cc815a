/* SPDX-License-Identifier: MIT */
/* svm_entry.S - the SVM world switch: host state around VMRUN, the guest's general registers. */

/* struct cpu_regs offsets (arch.h). */
#define R_R15   0
#define R_R14   8
#define R_R13   16
#define R_R12   24
#define R_R11   32
#define R_R10   40
#define R_R9    48
#define R_R8    56
#define R_RBP   64
#define R_RDI   72
#define R_RSI   80
#define R_RDX   88
#define R_RCX   96
#define R_RBX   104

/*
 * svm_vmrun(vmcb_pa, regs, host_vmcb_pa), with interrupts disabled.
 * VMRUN itself saves and restores RAX, RSP, RIP, RFLAGS, CR0/3/4, EFER,
 * GDTR/IDTR and ES/CS/SS/DS of the host; VMSAVE/VMLOAD on the host VMCB
 * keep FS, GS (the per-CPU base), TR, LDTR, KERNEL_GS_BASE and the
 * SYSCALL/SYSENTER MSRs. The guest's RAX, RSP, RIP and RFLAGS travel in
 * its VMCB (svm.c copies them); the other fourteen registers are loaded
 * from and stored to *regs here. GIF stays clear from before the guest
 * state is loaded until the host state is back; RFLAGS.IF is set for
 * VMRUN so that host interrupts make the guest exit (V_INTR_MASKING),
 * and cleared again before STGI, so the interrupt waits for the caller.
 */
    .text
    .globl svm_vmrun
svm_vmrun:
    push    %rbp
    push    %rbx
    push    %r12
    push    %r13
    push    %r14
    push    %r15
    push    %rsi                        /* 16(%rsp): regs */
    push    %rdx                        /* 8(%rsp): host VMCB */
    push    %rdi                        /* 0(%rsp): guest VMCB */
    clgi
    sti
    mov     %rdx, %rax
    vmsave
    mov     %rdi, %rax
    vmload
    mov     R_RBX(%rsi), %rbx
    mov     R_RCX(%rsi), %rcx
    mov     R_RDX(%rsi), %rdx
    mov     R_RDI(%rsi), %rdi
    mov     R_RBP(%rsi), %rbp
    mov     R_R8(%rsi), %r8
    mov     R_R9(%rsi), %r9
    mov     R_R10(%rsi), %r10
    mov     R_R11(%rsi), %r11
    mov     R_R12(%rsi), %r12
    mov     R_R13(%rsi), %r13
    mov     R_R14(%rsi), %r14
    mov     R_R15(%rsi), %r15
    mov     R_RSI(%rsi), %rsi
    vmrun
    /* #VMEXIT: host RSP and RAX are back, the rest is the guest's. */
    xchg    16(%rsp), %rsi
    mov     %rbx, R_RBX(%rsi)
    mov     %rcx, R_RCX(%rsi)
    mov     %rdx, R_RDX(%rsi)
    mov     %rdi, R_RDI(%rsi)
    mov     %rbp, R_RBP(%rsi)
    mov     %r8, R_R8(%rsi)
    mov     %r9, R_R9(%rsi)
    mov     %r10, R_R10(%rsi)
    mov     %r11, R_R11(%rsi)
    mov     %r12, R_R12(%rsi)
    mov     %r13, R_R13(%rsi)
    mov     %r14, R_R14(%rsi)
    mov     %r15, R_R15(%rsi)
    mov     16(%rsp), %rbx
    mov     %rbx, R_RSI(%rsi)
    mov     0(%rsp), %rax
    vmsave
    mov     8(%rsp), %rax
    vmload
    cli
    stgi
    add     $24, %rsp
    pop     %r15
    pop     %r14
    pop     %r13
    pop     %r12
    pop     %rbx
    pop     %rbp
    ret
