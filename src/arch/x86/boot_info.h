/* SPDX-License-Identifier: MIT */
/* boot_info.h - what the loader told us, in a loader-neutral form. */
#ifndef STRATA_ARCH_X86_BOOT_INFO_H
#define STRATA_ARCH_X86_BOOT_INFO_H

#include "lib/compiler.h"
#include "arch/arch.h"

#define BOOT_MEM_MAX        64
#define BOOT_MODULES_MAX    8
#define BOOT_CMDLINE_MAX    256
#define BOOT_MODULE_NAME_MAX 512

/* Memory-map types (the E820 numbering both Multiboot versions use). */
enum boot_mem_type {
    BOOT_MEM_USABLE = 1,
    BOOT_MEM_RESERVED = 2,
    BOOT_MEM_ACPI_RECLAIM = 3,
    BOOT_MEM_ACPI_NVS = 4,
    BOOT_MEM_BAD = 5,
};

struct boot_mem_range {
    paddr_t start;
    paddr_t end;            /* exclusive */
    uint32_t type;          /* enum boot_mem_type; others kept as given */
};

struct boot_module {
    paddr_t start;
    paddr_t end;            /* exclusive */
    char name[BOOT_MODULE_NAME_MAX];    /* the module's command line */
};

/* Copied out of the loader's structures (which may lie in memory the
 * allocator will reuse), so it stays valid for the whole boot. */
struct boot_info {
    const char *loader;     /* "Multiboot" or "Multiboot2" */
    char cmdline[BOOT_CMDLINE_MAX];
    unsigned int nr_mem;
    struct boot_mem_range mem[BOOT_MEM_MAX];
    unsigned int nr_modules;
    struct boot_module modules[BOOT_MODULES_MAX];
};

/* Parse the loader's info block at physical info (magic says which
 * Multiboot version); panics on an unknown magic or no memory map. */
void multiboot_parse(uint32_t magic, paddr_t info, struct boot_info *out);

/* The boot information parsed at start-up (valid after arch init). */
const struct boot_info *boot_info(void);

#endif /* STRATA_ARCH_X86_BOOT_INFO_H */
