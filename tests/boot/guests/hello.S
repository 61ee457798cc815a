/* SPDX-License-Identifier: MIT */
/* hello.S - the smallest PV kernel for the dom0less boot tests: one console line, then shutdown. */

/* Xen ELF note types (Xen's public/elfnote.h numbering). */
#define XEN_ELFNOTE_ENTRY           1
#define XEN_ELFNOTE_HYPERCALL_PAGE  2
#define XEN_ELFNOTE_VIRT_BASE       3
#define XEN_ELFNOTE_PADDR_OFFSET    4
#define XEN_ELFNOTE_XEN_VERSION     5
#define XEN_ELFNOTE_GUEST_OS        6
#define XEN_ELFNOTE_LOADER          8

#define VIRT_BASE           0xffffffff80000000
#define HC_console_io       18
#define HC_sched_op         29
#define HC_STUB             32          /* bytes per hypercall-page stub */
#define CONSOLEIO_write     0
#define SCHEDOP_shutdown    2
#define SHUTDOWN_poweroff   0
#define SHUTDOWN_crash      3
#define SI_CMD_LINE         128         /* offsetof(struct start_info, cmd_line) */
#define CMDLINE_SHOWN       200         /* bytes of the command line echoed */

/* One "Xen" note: name "Xen\0", then the descriptor, each padded to 4. */
.macro xen_note_head type
    .balign 4
    .long   4
    .long   2f - 1f
    .long   \type
    .asciz  "Xen"
.endm
.macro xen_note_str type, text
    xen_note_head \type
1:  .asciz  "\text"
2:  .balign 4
.endm
.macro xen_note_quad type, value
    xen_note_head \type
1:  .quad   \value
2:  .balign 4
.endm

    .section .note.Xen, "a", @note
    xen_note_str  XEN_ELFNOTE_GUEST_OS, "Strata-boot-test"
    xen_note_str  XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
    xen_note_str  XEN_ELFNOTE_LOADER, "generic"
    xen_note_quad XEN_ELFNOTE_VIRT_BASE, VIRT_BASE
    xen_note_quad XEN_ELFNOTE_PADDR_OFFSET, 0
    xen_note_quad XEN_ELFNOTE_ENTRY, _start
    xen_note_quad XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page

/*
 * Entered as Xen enters a PV kernel: RSI = start_info, RSP on the boot
 * stack, events masked. Writes "hello: <its command line>" in one
 * console_io call (so lines of several domains never mix), then shuts
 * down with poweroff, or with crash when the command line starts with
 * "crash" (to test how a failing domain ends the run) or start_info
 * does not start with "xen-".
 */
    .section .text.head, "ax"
    .globl  _start
_start:
    mov     %rsi, %r12
    cmpl    $0x2d6e6578, (%r12)         /* "xen-" */
    jne     crash

    lea     line(%rip), %rdi
    lea     prefix(%rip), %rsi
    mov     $(prefix_end - prefix), %ecx
    rep movsb
    lea     SI_CMD_LINE(%r12), %rsi
    mov     $CMDLINE_SHOWN, %ecx
1:  movb    (%rsi), %al
    test    %al, %al
    jz      2f
    movb    %al, (%rdi)
    inc     %rsi
    inc     %rdi
    dec     %ecx
    jnz     1b
2:  movb    $'\n', (%rdi)
    inc     %rdi
    lea     line(%rip), %rdx
    mov     %rdi, %rsi
    sub     %rdx, %rsi                  /* count */
    mov     $CONSOLEIO_write, %edi
    call    hypercall_page + HC_console_io * HC_STUB
    test    %rax, %rax
    jnz     crash

    mov     $SHUTDOWN_poweroff, %ebx
    cmpl    $0x73617263, SI_CMD_LINE(%r12)  /* "cras" */
    jne     shutdown
    cmpb    $'h', SI_CMD_LINE + 4(%r12)
    jne     shutdown
crash:
    mov     $SHUTDOWN_crash, %ebx
shutdown:
    sub     $16, %rsp
    mov     %ebx, (%rsp)                /* struct sched_shutdown { reason } */
    mov     %rsp, %rsi
    mov     $SCHEDOP_shutdown, %edi
    call    hypercall_page + HC_sched_op * HC_STUB
    ud2

/* Strata fills it with the stubs (HYPERCALL_PAGE note); int3 until then. */
    .section .text.page, "ax"
    .balign 4096
    .globl  hypercall_page
hypercall_page:
    .fill   4096, 1, 0xcc

    .section .rodata
prefix: .ascii "hello: "
prefix_end:

    .section .bss
    .balign 16
line:   .skip CMDLINE_SHOWN + 16
