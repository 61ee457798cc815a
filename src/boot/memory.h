/* SPDX-License-Identifier: MIT */
/* memory.h - hand RAM from the early allocator to the frame table and buddy allocator. */
#ifndef STRATA_BOOT_MEMORY_H
#define STRATA_BOOT_MEMORY_H

#include "arch/arch.h"
#include "arch/x86/boot_info.h"

/* Size the frame table for all RAM, place it with the early allocator,
 * seal the early allocator and give page_alloc every usable frame that
 * is not reserved (low 1 MiB, image, modules, early allocations). */
void boot_memory_init(const struct boot_info *bi);

/* True if mfn is usable RAM outside every reserved range: the frames
 * page_alloc may ever hand out. */
bool boot_memory_frame_free_ram(mfn_t mfn);

/* Give the frames of boot module index (consumed: its bytes are no
 * longer needed) to page_alloc: every frame of its page-rounded range
 * that is usable RAM and lies in no other reserved range and no module
 * still held. Once only; returns the frames given. */
uint64_t boot_memory_release_module(unsigned int index);

/* Frames given to page_alloc at boot (and by released modules). */
uint64_t boot_memory_frames_given(void);

/* Print the memory map and the reserved ranges. */
void boot_memory_print_map(const struct boot_info *bi);

#endif /* STRATA_BOOT_MEMORY_H */
