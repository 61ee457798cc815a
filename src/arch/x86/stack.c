/* SPDX-License-Identifier: MIT */
/* stack.c - per-CPU stacks, each above an unmapped guard page. */
#include "arch/x86/stack.h"
#include "arch/x86/early_alloc.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"

/* Map pages frames at va; return the address just above them. */
static uintptr_t map_stack(uintptr_t va, unsigned int pages)
{
    paddr_t pa = early_alloc_pages(pages);

    for (unsigned int i = 0; i < pages; i++)
        paging_map_page(va + i * PAGE_SIZE, pa + i * PAGE_SIZE, MAP_DATA);
    return va + pages * PAGE_SIZE;
}

/* Window layout, one page each unless said: guard, main (STACK_PAGES),
 * guard, #DF (IST_STACK_PAGES), guard, NMI, guard, #MC. */
void stack_alloc(unsigned int cpu)
{
    struct cpu_stacks *s = &percpu_of(cpu)->stacks;
    uintptr_t va = STACKS_BASE + (uintptr_t)cpu * STACK_WINDOW_SIZE;

    s->main_guard = va;
    s->main_top = map_stack(va + PAGE_SIZE, STACK_PAGES);
    s->df_guard = s->main_top;
    s->df_top = map_stack(s->df_guard + PAGE_SIZE, IST_STACK_PAGES);
    s->nmi_guard = s->df_top;
    s->nmi_top = map_stack(s->nmi_guard + PAGE_SIZE, IST_STACK_PAGES);
    s->mc_guard = s->nmi_top;
    s->mc_top = map_stack(s->mc_guard + PAGE_SIZE, IST_STACK_PAGES);
}
