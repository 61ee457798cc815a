/* SPDX-License-Identifier: MIT */
/* trampoline.S - AP start-up: real mode -> protected -> long mode -> ap_entry64. */
#include "arch/x86/trampoline.h"

/*
 * smp.c copies this blob to TRAMPOLINE_PHYS (below 1 MiB, page aligned)
 * and fills the data fields at the end. A SIPI starts the AP in real mode
 * at CS = TRAMPOLINE_PHYS >> 4, IP = 0. The code uses only offsets from
 * the blob's start plus TRAMPOLINE_PHYS, so it runs wherever it is copied.
 * Paging uses the boot tables (entry.S), which identity-map this page and
 * map the image high; ap_entry64 then switches to the final tables.
 */
#define T(sym) (TRAMPOLINE_PHYS + (sym) - trampoline_start)

    .section .trampoline, "a"
    .code16
    .globl trampoline_start
trampoline_start:
    cli
    cld
    mov     %cs, %ax
    mov     %ax, %ds
    lgdtl   (tr_gdt_ptr - trampoline_start)
    mov     %cr0, %eax
    or      $1, %eax
    mov     %eax, %cr0
    ljmpl   $0x08, $T(tr_prot)

    .code32
tr_prot:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %cr4, %eax
    or      $0x20, %eax                 /* PAE */
    mov     %eax, %cr4
    mov     T(tr_boot_cr3), %eax
    mov     %eax, %cr3
    mov     $0xC0000080, %ecx
    rdmsr
    or      $0x900, %eax                /* LME | NXE */
    wrmsr
    mov     %cr0, %eax
    or      $0x80010000, %eax           /* PG | WP */
    mov     %eax, %cr0
    ljmp    $0x18, $T(tr_long)

    .code64
tr_long:
    mov     $0x10, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     T(tr_final_cr3), %rbx
    mov     T(tr_stack), %r12
    mov     T(tr_cpu), %r13d
    mov     T(tr_entry), %rax
    jmp     *%rax

    .balign 8
tr_gdt:
    .quad 0
    .quad 0x00cf9a000000ffff            /* 0x08: 32-bit code */
    .quad 0x00cf92000000ffff            /* 0x10: data */
    .quad 0x00af9a000000ffff            /* 0x18: 64-bit code */
tr_gdt_end:
tr_gdt_ptr:
    .short tr_gdt_end - tr_gdt - 1
    .long T(tr_gdt)

    .balign 8
    .globl trampoline_data
trampoline_data:
tr_boot_cr3:  .quad 0
tr_final_cr3: .quad 0
tr_stack:     .quad 0
tr_entry:     .quad 0
tr_cpu:       .quad 0
    .globl trampoline_end
trampoline_end:
