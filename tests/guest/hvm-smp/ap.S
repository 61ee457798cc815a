/* SPDX-License-Identifier: MIT */
/* ap.S - hvm-smp's AP code: 16-bit real mode at the SIPI page, copied there by main.c. */

#define AP_DONE 0x1234

    .section .rodata
    .code16
    .globl ap_start, ap_end, ap_result_offset
ap_start:
    mov     %cs, %ax
    mov     %ax, %ds
    xor     %eax, %eax              /* CPUID 0x40000000 from real mode */
    mov     $0x40000000, %eax
    cpuid
    mov     %ebx, ap_sig - ap_start
    mov     $msg - ap_start, %si
1:  lodsb                           /* the line to the debug port */
    test    %al, %al
    jz      2f
    outb    %al, $0xe9
    jmp     1b
2:  movw    $AP_DONE, ap_flag - ap_start
3:  cli
    hlt
    jmp     3b
msg:
    .asciz  "AP in real mode\n"
    .balign 4
ap_flag:
    .word   0
    .word   0
ap_sig:
    .long   0
ap_end:
    .code64
ap_result_offset:
    .long   ap_flag - ap_start

    .section .note.GNU-stack, "", @progbits
