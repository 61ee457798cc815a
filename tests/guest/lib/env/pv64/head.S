/* SPDX-License-Identifier: MIT */
/* head.S - pv64 start of day: Xen ELF notes, entry, stack, bss, hypercall page. */

#define XEN_ELFNOTE_ENTRY          1
#define XEN_ELFNOTE_HYPERCALL_PAGE 2
#define XEN_ELFNOTE_VIRT_BASE      3
#define XEN_ELFNOTE_PADDR_OFFSET   4
#define XEN_ELFNOTE_XEN_VERSION    5
#define XEN_ELFNOTE_GUEST_OS       6
#define XEN_ELFNOTE_LOADER         8
#define XEN_ELFNOTE_FEATURES      10

#define STACK_SIZE 16384

/* One note named "Xen": namesz, descsz, type, name, desc (each padded to 4). */
.macro xen_note type, desc_start, desc_end
    .balign 4
    .long 4
    .long \desc_end - \desc_start
    .long \type
    .asciz "Xen"
    .balign 4
.endm

    .section .note.Xen, "a"
    xen_note XEN_ELFNOTE_GUEST_OS, 1f, 2f
1:  .asciz "Strata-test"
2:  xen_note XEN_ELFNOTE_XEN_VERSION, 1f, 2f
1:  .asciz "xen-3.0"
2:  xen_note XEN_ELFNOTE_LOADER, 1f, 2f
1:  .asciz "generic"
2:  xen_note XEN_ELFNOTE_FEATURES, 1f, 2f
1:  .asciz "!writable_page_tables|pae_pgdir_above_4gb"
2:  xen_note XEN_ELFNOTE_VIRT_BASE, 1f, 2f
1:  .quad 0xffffffff80000000
2:  xen_note XEN_ELFNOTE_PADDR_OFFSET, 1f, 2f
1:  .quad 0
2:  xen_note XEN_ELFNOTE_ENTRY, 1f, 2f
1:  .quad _start
2:
#if GUEST_HYPERCALL_PAGE
    /* Only an image built with HYPERCALL page asks for the stubs. */
    xen_note XEN_ELFNOTE_HYPERCALL_PAGE, 1f, 2f
1:  .quad hypercall_page
2:
#endif
    .balign 4

/* 1 when the hypervisor fills hypercall_page (the note above). */
    .section .rodata
    .globl hypercall_page_present
hypercall_page_present:
    .byte GUEST_HYPERCALL_PAGE

/* RSI = start_info; RSP = the builder's boot stack (not used). */
    .section .text.head, "ax"
    .code64
    .globl _start
_start:
    cld
    mov     %rsi, %r15
    lea     __bss_start(%rip), %rdi
    lea     __bss_end(%rip), %rcx
    sub     %rdi, %rcx
    xor     %eax, %eax
    rep stosb
    lea     boot_stack + STACK_SIZE(%rip), %rsp
    xor     %ebp, %ebp
    mov     %r15, %rdi
    call    env_start
1:  ud2
    jmp     1b

/* Filled by the hypervisor when the note asks for it; int3 until then. */
    .section .text.hypercall_page, "ax"
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .section .bss.page_aligned, "aw", @nobits
    .balign 4096
    .globl boot_stack
boot_stack:
    .skip STACK_SIZE

    .section .note.GNU-stack, "", @progbits
