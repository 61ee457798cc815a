/* SPDX-License-Identifier: MIT */
/* stub.S - test firmware: from reset into the builder's long mode, then its 64-bit entry. */
/*
 * A 64 KiB image for QEMU's -bios. No BIOS services: it loads the
 * registers of struct hvm_initial_state from the parameter block at
 * 0xffffff00 (written into the image by hvm_image), switches real mode
 * -> 32-bit protected mode (own flat GDT) -> long mode with the
 * builder's CR3, CR4, EFER.LME and CR0, loads the builder's GDT and
 * far-returns to its code selector, then jumps to RIP. Everything the
 * kernel sees besides the registers is the builder's memory image.
 */
#define PARAMS     0xffffff00
#define P_RIP      0x00
#define P_RSI      0x08
#define P_RSP      0x10
#define P_CR0      0x18
#define P_CR3      0x20
#define P_CR4      0x28
#define P_EFER     0x30
#define P_CS       0x38
#define P_DS       0x3a
#define P_GDTR     0x3c    /* limit (2 bytes) then base (4 bytes) */
#define EFER_MSR   0xc0000080
#define EFER_LME   0x100

    .section .text
    .code16
    .org 0xf000
start:
    cli
    cs lgdtl stub_gdt_desc - 0xffff0000
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmpl $0x08, $pm32

    .code32
pm32:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movl PARAMS + P_RSP, %esp
    movl PARAMS + P_CR4, %eax
    movl %eax, %cr4
    movl PARAMS + P_CR3, %eax
    movl %eax, %cr3
    movl $EFER_MSR, %ecx
    rdmsr
    movl PARAMS + P_EFER, %ebx
    andl $EFER_LME, %ebx          /* LMA is the processor's to set */
    orl %ebx, %eax
    wrmsr
    movl PARAMS + P_CR0, %eax
    movl %eax, %cr0               /* paging on: compatibility mode */
    lgdt PARAMS + P_GDTR
    movzwl PARAMS + P_CS, %eax
    pushl %eax
    pushl $lm64
    lret                          /* into the builder's code segment */

    .code64
lm64:
    movl $PARAMS, %ebx            /* a disp32 of 0xffffff00 would sign-extend */
    movw P_DS(%rbx), %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw %ax, %fs
    movw %ax, %gs
    movq P_RSI(%rbx), %rsi
    movq P_RSP(%rbx), %rsp
    jmp *P_RIP(%rbx)

    .align 16
stub_gdt:
    .quad 0
    .quad 0x00cf9b000000ffff      /* 0x08: flat 32-bit code */
    .quad 0x00cf93000000ffff      /* 0x10: flat data */
stub_gdt_desc:
    .word 23
    .long stub_gdt

    .org 0xff00
params:
    .fill 0x40 + 6, 1, 0
    .org 0xfff0
    .code16
reset:
    jmp start
    .org 0x10000
