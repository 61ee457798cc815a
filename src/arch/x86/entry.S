/* SPDX-License-Identifier: MIT */
/* entry.S - 32-bit Multiboot entry: boot page tables, long mode, jump high. */
#include "arch/x86/layout.h"

#define PTE_P           0x001
#define PTE_W           0x002
#define PTE_PS          0x080
#define BOOT_TABLE_PAGES 6              /* L4, L3, four L2 (0-4 GiB) */

/*
 * Runs at the physical address the loader chose (VMA == LMA), with paging
 * off, EAX = loader magic and EBX = physical address of its info block.
 * The boot tables map 0-4 GiB three times with 2 MiB pages: identity (for
 * this code and the AP trampoline), at IMAGE_VIRT_OFFSET (the linked
 * image) and at DIRECTMAP_BASE (early direct map). x86/paging.c replaces
 * them with the final W^X tables.
 */
    .section .boot32.text, "ax"
    .code32
    .globl strata_entry32
strata_entry32:
    cli
    cld
    mov     %eax, %ebp                  /* keep magic and info for C */
    mov     $boot32_stack_top, %esp

    /* Clear the six boot table pages. */
    mov     $boot_l4, %edi
    mov     $(BOOT_TABLE_PAGES * 4096 / 4), %ecx
    xor     %eax, %eax
    rep stosl

    /* L4 slots 0, 260 and 262 all point at the one L3. */
    mov     $(boot_l3 + PTE_P + PTE_W), %eax
    mov     %eax, boot_l4 + 0 * 8
    mov     %eax, boot_l4 + 260 * 8
    mov     %eax, boot_l4 + 262 * 8

    /* L3 entries 0-3 point at the four L2 tables. */
    mov     $(boot_l2 + PTE_P + PTE_W), %eax
    xor     %ecx, %ecx
1:  mov     %eax, boot_l3(, %ecx, 8)
    add     $4096, %eax
    inc     %ecx
    cmp     $4, %ecx
    jb      1b

    /* 2048 large pages cover 0-4 GiB. */
    mov     $(PTE_P + PTE_W + PTE_PS), %eax
    xor     %ecx, %ecx
2:  mov     %eax, boot_l2(, %ecx, 8)
    add     $0x200000, %eax
    inc     %ecx
    cmp     $2048, %ecx
    jb      2b

    /* PAE, then long mode with NX allowed, then paging with WP. */
    mov     %cr4, %eax
    or      $0x20, %eax
    mov     %eax, %cr4
    mov     $boot_l4, %eax
    mov     %eax, %cr3
    mov     $0xC0000080, %ecx
    rdmsr
    or      $0x900, %eax                /* LME | NXE */
    wrmsr
    mov     %cr0, %eax
    or      $0x80010001, %eax           /* PG | WP | PE */
    mov     %eax, %cr0

    lgdt    boot_gdt_ptr
    ljmp    $0x08, $entry64_low

    .code64
entry64_low:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    xor     %eax, %eax
    mov     %eax, %fs
    mov     %eax, %gs

    /* Zero .bss (the loader should have, but nothing is lost). */
    movabs  $__bss_start, %rdi
    movabs  $__bss_end, %rcx
    sub     %rdi, %rcx
    shr     $3, %rcx
    xor     %eax, %eax
    rep stosq

    movabs  $boot_stack_top, %rsp
    mov     %ebp, %edi                  /* arg 0: loader magic */
    mov     %ebx, %esi                  /* arg 1: info block (physical) */
    movabs  $strata_main, %rax
    call    *%rax
3:  hlt
    jmp     3b

    /* Flat GDT for the switch: 0x08 64-bit code, 0x10 data. */
    .section .boot32.data, "aw"
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff
    .quad 0x00cf92000000ffff
boot_gdt_end:
    .globl boot_gdt_ptr
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .balign 16
    .space 1024
boot32_stack_top:

    .section .boot32.tables, "aw"
    .balign 4096
    .globl boot_l4
boot_l4:
    .space 4096
boot_l3:
    .space 4096
boot_l2:
    .space 4 * 4096

    /* The first 64-bit stack; x86/stack.c moves the BSP to a guarded one. */
    .section .bss
    .balign 16
boot_stack:
    .space 16384
boot_stack_top:

/* stack_switch(top, fn, arg): call fn(arg) on a new stack (stack.h). */
    .text
    .globl stack_switch
stack_switch:
    mov     %rdi, %rsp
    mov     %rdx, %rdi
    xor     %ebp, %ebp
    call    *%rsi
    ud2

/* Where the AP trampoline lands, still on the boot tables: rbx = final
 * L4, r12 = stack top, r13 = CPU index (smp.c fills them in). */
    .globl ap_entry64
ap_entry64:
    mov     %rbx, %cr3
    mov     %r12, %rsp
    mov     %r13d, %edi
    xor     %ebp, %ebp
    call    smp_ap_main
    ud2
