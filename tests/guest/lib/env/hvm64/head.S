/* SPDX-License-Identifier: MIT */
/* head.S - hvm64 start of day: a bzImage setup header (64-bit boot protocol), GDT, stack, bss. */

#define LOAD_ADDRESS   0x200000
#define STACK_SIZE     16384
#define SEL_CODE64     0x08
#define SEL_DATA       0x10

/*
 * The image is a bzImage as Strata's HVM builder (and any 64-bit boot
 * protocol loader) takes it: two 512-byte setup sectors holding the
 * setup header at 0x1f1, then the protected-mode part, loaded at
 * pref_address (not relocatable) and entered at +0x200 in 64-bit mode
 * with identity page tables and RSI = boot_params. The 32-bit entry at
 * +0 is never used. syssize and init_size come from the link (hvm64.ld).
 */
    .section .setup, "a"
    .org 0x1f1
    .byte   1                       /* setup_sects: 1 + the boot sector */
    .word   0                       /* root_flags */
    .long   __syssize               /* 16-byte units of the protected-mode part */
    .word   0, 0, 0                 /* ram_size, vid_mode, root_dev */
    .word   0xaa55                  /* boot_flag */
    .byte   0xeb, 0x66              /* jump past the header (ends at 0x268) */
    .ascii  "HdrS"
    .word   0x020f                  /* boot protocol 2.15 */
    .long   0                       /* realmode_swtch */
    .word   0, 0                    /* start_sys_seg, kernel_version */
    .byte   0                       /* type_of_loader */
    .byte   0x01                    /* loadflags: LOADED_HIGH */
    .word   0                       /* setup_move_size */
    .long   LOAD_ADDRESS            /* code32_start */
    .long   0, 0, 0                 /* ramdisk_image, ramdisk_size, bootsect_kludge */
    .word   0                       /* heap_end_ptr */
    .byte   0, 0                    /* ext_loader_ver, ext_loader_type */
    .long   0                       /* cmd_line_ptr (the loader's) */
    .long   0x7fffffff              /* initrd_addr_max */
    .long   0x200000                /* kernel_alignment */
    .byte   0                       /* relocatable_kernel: no */
    .byte   21                      /* min_alignment: 2 MiB */
    .word   0x0001                  /* xloadflags: XLF_KERNEL_64 */
    .long   2047                    /* cmdline_size */
    .long   0                       /* hardware_subarch */
    .quad   0                       /* hardware_subarch_data */
    .long   0, 0                    /* payload_offset, payload_length */
    .quad   0                       /* setup_data */
    .quad   LOAD_ADDRESS            /* pref_address */
    .long   __init_size             /* init_size */
    .long   0                       /* handover_offset */
    .org 0x400

    .section .text.head, "ax"
    .code32
    .globl _start32
_start32:
    ud2                             /* only the 64-bit entry is supported */
    .org 0x200
    .code64
    .globl _start64
_start64:
    cli
    cld
    mov     %rsi, %r15              /* boot_params */
    lgdt    gdt_desc(%rip)
    mov     $SEL_DATA, %eax
    mov     %eax, %ds
    mov     %eax, %es
    mov     %eax, %ss
    mov     %eax, %fs
    mov     %eax, %gs
    lea     boot_stack + STACK_SIZE(%rip), %rsp
    pushq   $SEL_CODE64
    lea     1f(%rip), %rax
    pushq   %rax
    lretq
1:  lea     __bss_start(%rip), %rdi
    lea     __bss_end(%rip), %rcx
    sub     %rdi, %rcx
    xor     %eax, %eax
    rep stosb
    xor     %ebp, %ebp
    mov     %r15, %rdi
    call    env_start
2:  hlt
    jmp     2b

    .section .rodata
    .balign 16
gdt:
    .quad   0
    .quad   0x00af9a000000ffff      /* 0x08: 64-bit code, DPL 0 */
    .quad   0x00cf92000000ffff      /* 0x10: data */
gdt_end:
gdt_desc:
    .word   gdt_end - gdt - 1
    .quad   gdt

    .section .bss.page_aligned, "aw", @nobits
    .balign 4096
    .globl boot_stack
boot_stack:
    .skip STACK_SIZE

    .section .note.GNU-stack, "", @progbits
