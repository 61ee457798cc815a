/* SPDX-License-Identifier: MIT */
/* memory.c - the hand-over of RAM from arch's early allocator to mm. */
#include "boot/memory.h"
#include "arch/x86/early_alloc.h"
#include "lib/print.h"
#include "mm/frame.h"
#include "mm/page_alloc.h"
#include "mm/m2p.h"
#include "arch/x86/paging.h"
#include "public/xen.h"

static const struct boot_info *info;
static uint64_t frames_given;
static bool module_released[BOOT_MODULES_MAX];

static const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case BOOT_MEM_USABLE:       return "usable";
    case BOOT_MEM_RESERVED:     return "reserved";
    case BOOT_MEM_ACPI_RECLAIM: return "ACPI data";
    case BOOT_MEM_ACPI_NVS:     return "ACPI NVS";
    case BOOT_MEM_BAD:          return "bad";
    default:                    return "unknown";
    }
}

void boot_memory_print_map(const struct boot_info *bi)
{
    const struct phys_range *r;
    unsigned int n = early_reserved_ranges(&r);

    printk("Memory map (%s):\n", bi->loader);
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        printk("  %016lx-%016lx %s\n", bi->mem[i].start, bi->mem[i].end - 1,
               mem_type_name(bi->mem[i].type));
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        printk("Module %u: %016lx-%016lx \"%s\"\n", i, bi->modules[i].start,
               bi->modules[i].end - 1, bi->modules[i].name);
    printk("Reserved RAM:\n");
    for (unsigned int i = 0; i < n; i++)
        printk("  %016lx-%016lx %s\n", r[i].start, r[i].end - 1, r[i].what);
}

static paddr_t module_start(unsigned int i)
{
    return info->modules[i].start & ~(paddr_t)(PAGE_SIZE - 1);
}

static paddr_t module_end(unsigned int i)
{
    return (info->modules[i].end + PAGE_SIZE - 1) & ~(paddr_t)(PAGE_SIZE - 1);
}

/* The early allocator reserved module i as exactly this range. */
static bool is_module_range(const struct phys_range *r)
{
    for (unsigned int i = 0; i < info->nr_modules; i++)
        if (r->start == module_start(i) && r->end == module_end(i))
            return true;
    return false;
}

/* Reserved: in a reserved range other than a module's, or in a module
 * not released yet (modules are checked one by one, so two modules
 * sharing a frame keep it until both are released). */
static bool frame_reserved(mfn_t mfn)
{
    const struct phys_range *r;
    unsigned int n = early_reserved_ranges(&r);
    paddr_t pa = mfn << PAGE_SHIFT;

    for (unsigned int i = 0; i < n; i++)
        if (pa >= r[i].start && pa < r[i].end && !is_module_range(&r[i]))
            return true;
    for (unsigned int i = 0; i < info->nr_modules; i++)
        if (!module_released[i] && pa >= module_start(i) && pa < module_end(i))
            return true;
    return false;
}

static bool frame_usable(mfn_t mfn)
{
    paddr_t pa = mfn << PAGE_SHIFT;

    for (unsigned int i = 0; i < info->nr_mem; i++)
        if (info->mem[i].type == BOOT_MEM_USABLE && pa >= info->mem[i].start &&
            pa + PAGE_SIZE <= info->mem[i].end)
            return true;
    return false;
}

bool boot_memory_frame_free_ram(mfn_t mfn)
{
    return frame_usable(mfn) && !frame_reserved(mfn);
}

uint64_t boot_memory_frames_given(void)
{
    return frames_given;
}

static uint64_t highest_usable_frame(const struct boot_info *bi)
{
    uint64_t end = 0;

    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (bi->mem[i].type == BOOT_MEM_USABLE && bi->mem[i].end > end)
            end = bi->mem[i].end;
    return end >> PAGE_SHIFT;
}

static void give_run(mfn_t first, uint64_t count)
{
    status_t s;

    if (count == 0)
        return;
    s = page_alloc_add_range(first, count);
    if (s != STATUS_OK)
        panic("page_alloc_add_range(%#lx, %lu): %s", first, count, status_name(s));
    frames_given += count;
}

/* Frame by frame: simple, and fast enough for the RAM sizes we boot. */
static void give_free_ram(mfn_t first, mfn_t end)
{
    mfn_t run = first;
    uint64_t len = 0;

    for (mfn_t mfn = first; mfn < end; mfn++) {
        if (boot_memory_frame_free_ram(mfn)) {
            if (len == 0)
                run = mfn;
            len++;
        } else {
            give_run(run, len);
            len = 0;
        }
    }
    give_run(run, len);
}

uint64_t boot_memory_release_module(unsigned int index)
{
    uint64_t before = frames_given;

    if (info == NULL || index >= info->nr_modules || module_released[index])
        return 0;
    module_released[index] = true;
    give_free_ram(module_start(index) >> PAGE_SHIFT, module_end(index) >> PAGE_SHIFT);
    return frames_given - before;
}

/* frame_table_init puts the M2P right after the entries; a whole number
 * of M2P_ALIGN_FRAMES entries fills whole pages, so the M2P starts on a
 * page and can be mapped at MACH2PHYS_VIRT_START. The extra entries
 * describe frames that do not exist and are never given out. */
#define M2P_ALIGN_FRAMES 1024U
STATIC_ASSERT((sizeof(struct frame) * M2P_ALIGN_FRAMES) % PAGE_SIZE == 0,
              "frame entries end on a page");

static uint64_t round_for_m2p(uint64_t nr_frames)
{
    return (nr_frames + M2P_ALIGN_FRAMES - 1) & ~(uint64_t)(M2P_ALIGN_FRAMES - 1);
}

/* PV guests read the M2P directly at MACH2PHYS_VIRT_START (read-only);
 * every guest L4 gets the slot (arch_pv_init_l4). */
static void map_m2p_for_guests(uint64_t nr_frames)
{
    paddr_t pa = arch_virt_to_frame(m2p_base()) << PAGE_SHIFT;

    if (((uintptr_t)m2p_base() & (PAGE_SIZE - 1)) != 0)
        panic("M2P at %p is not page-aligned", (const void *)m2p_base());

    paging_map_guest_readonly(MACH2PHYS_VIRT_START, pa, nr_frames * sizeof(gfn_t));
}

void boot_memory_init(const struct boot_info *bi)
{
    uint64_t nr_frames = round_for_m2p(highest_usable_frame(bi));
    size_t bytes = frame_table_bytes(nr_frames);
    paddr_t table;
    status_t s;

    info = bi;
    if (bytes == 0)
        panic("no RAM for a frame table");
    table = early_alloc_pages((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
    s = frame_table_init(arch_frame_to_virt(table >> PAGE_SHIFT), nr_frames);
    if (s != STATUS_OK)
        panic("frame_table_init: %s", status_name(s));
    map_m2p_for_guests(nr_frames);
    page_alloc_init();
    early_alloc_seal();
    give_free_ram(0, nr_frames);
    printk("Frame table: %lu frames, %zu KiB at %#lx\n", nr_frames, bytes / 1024, table);
}
