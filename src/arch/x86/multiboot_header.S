/* SPDX-License-Identifier: MIT */
/* multiboot_header.S - Multiboot v1 (QEMU -kernel) and Multiboot2 (GRUB) headers. */

#define MB1_MAGIC       0x1BADB002
#define MB1_FLAGS       0x00000003      /* page-align modules, want memory map */

#define MB2_MAGIC       0xE85250D6
#define MB2_ARCH_I386   0

    /* v1: 4-byte aligned within the first 8 KiB of the file. The ELF
     * program headers give the load addresses, so no a.out fields. */
    .section .multiboot1, "a"
    .balign 4
mb1_header:
    .long MB1_MAGIC
    .long MB1_FLAGS
    .long -(MB1_MAGIC + MB1_FLAGS)

    /* v2: 8-byte aligned within the first 32 KiB; only the end tag, so
     * GRUB passes its default tags (command line, modules, memory map). */
    .section .multiboot2, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* end tag: type 0, flags 0, size 8 */
    .short 0
    .short 0
    .long 8
mb2_header_end:
