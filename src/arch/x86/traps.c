/* SPDX-License-Identifier: MIT */
/* traps.c - exception reporting, fixups, the double-fault path and IRQ routing. */
#include "arch/x86/traps.h"
#include "arch/arch.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/extable.h"
#include "arch/x86/ipi.h"
#include "arch/x86/percpu.h"
#include "lib/print.h"

static const char *const exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
    "#OF overflow", "#BR bound range", "#UD invalid opcode",
    "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault",
    "#GP general protection", "#PF page fault", "reserved 15",
    "#MF x87 error", "#AC alignment check", "#MC machine check",
    "#XM SIMD error", "#VE virtualisation", "#CP control protection",
};

static irq_handler_fn irq_handlers[256];
static double_fault_hook_fn double_fault_hook;
static uint64_t fixups_taken;

void trap_set_irq_handler(unsigned int vector, irq_handler_fn handler)
{
    irq_handlers[vector] = handler;
}

void trap_set_double_fault_hook(double_fault_hook_fn hook)
{
    double_fault_hook = hook;
}

uint64_t trap_fixup_count(void)
{
    return __atomic_load_n(&fixups_taken, __ATOMIC_RELAXED);
}

static const char *exception_name(uint64_t vector)
{
    if (vector < 32 && exception_names[vector] != NULL)
        return exception_names[vector];
    return "reserved";
}

void trap_dump(const struct cpu_regs *r)
{
    printk("CPU %u: exception %lu (%s) error %#lx\n", arch_cpu_id(),
           r->vector, exception_name(r->vector), r->error_code);
    printk("  RIP %016lx  CS %04lx  RFLAGS %016lx\n", r->rip, r->cs, r->rflags);
    printk("  RSP %016lx  SS %04lx  CR2 %016lx  CR3 %016lx\n", r->rsp, r->ss,
           read_cr2(), read_cr3());
    printk("  RAX %016lx  RBX %016lx  RCX %016lx  RDX %016lx\n",
           r->rax, r->rbx, r->rcx, r->rdx);
    printk("  RSI %016lx  RDI %016lx  RBP %016lx  R8  %016lx\n",
           r->rsi, r->rdi, r->rbp, r->r8);
    printk("  R9  %016lx  R10 %016lx  R11 %016lx  R12 %016lx\n",
           r->r9, r->r10, r->r11, r->r12);
    printk("  R13 %016lx  R14 %016lx  R15 %016lx\n", r->r13, r->r14, r->r15);
}

static bool in_guard(uint64_t addr, uintptr_t guard)
{
    return guard != 0 && addr >= guard && addr < guard + PAGE_SIZE;
}

/* A double fault here is nearly always the stack running into its guard
 * page: the #PF could not push its frame, so the CPU raised #DF on IST1. */
static NORETURN void double_fault(struct cpu_regs *regs)
{
    const struct cpu_stacks *s = &this_cpu()->stacks;
    uint64_t cr2 = read_cr2();
    bool guard = in_guard(cr2, s->main_guard) || in_guard(cr2, s->nmi_guard) ||
                 in_guard(cr2, s->mc_guard);

    console_force_unlock();
    trap_dump(regs);
    if (guard)
        printk("CPU %u: stack overflow: guard page hit at %#lx (stack %#lx-%#lx)\n",
               arch_cpu_id(), cr2, s->main_guard + PAGE_SIZE, s->main_top);
    if (double_fault_hook != NULL)
        double_fault_hook(cr2, guard);
    panic("double fault on CPU %u", arch_cpu_id());
}

/* A fault with a fixup is reported, then resumed at the fixup. */
static bool fault_fixup(struct cpu_regs *regs)
{
    uintptr_t fixup = extable_search(regs->rip);

    if (fixup == 0)
        return false;
    trap_dump(regs);
    printk("CPU %u: fixup: %s at %#lx resumes at %#lx\n", arch_cpu_id(),
           exception_name(regs->vector), regs->rip, fixup);
    this_cpu()->fixup_vector = (int)regs->vector;
    __atomic_fetch_add(&fixups_taken, 1, __ATOMIC_RELAXED);
    regs->rip = fixup;
    return true;
}

/* An interrupt or exception taken while a guest ran (ring 3). NMI and
 * #MC run on their own stacks, so only a frame at the top of the main
 * stack goes back through the guest layer's return path. */
static void trap_from_guest(struct cpu_regs *regs)
{
    if (regs->vector >= 32 && irq_handlers[regs->vector] != NULL)
        irq_handlers[regs->vector](regs);
    else if (regs->vector == VEC_NMI)
        ipi_nmi(regs);
    else if (regs->vector == VEC_MC)
        printk("CPU %u: %s while a guest ran\n", arch_cpu_id(),
               exception_name(regs->vector));
    else if (regs->vector < 32)
        guest_entry_exception(regs);
    if (regs == arch_guest_frame())
        guest_return_path(regs);
}

void trap_dispatch(struct cpu_regs *regs)
{
    if ((regs->cs & 3) == 3) {
        trap_from_guest(regs);
        return;
    }
    if (regs->vector >= 32 && irq_handlers[regs->vector] != NULL) {
        irq_handlers[regs->vector](regs);
        return;
    }
    if (regs->vector == VEC_NMI) {
        ipi_nmi(regs);
        return;
    }
    if (regs->vector == VEC_DF)
        double_fault(regs);
    if (regs->vector < 32 && fault_fixup(regs))
        return;
    console_force_unlock();
    trap_dump(regs);
    panic("unhandled %s on CPU %u at %#lx", exception_name(regs->vector),
          arch_cpu_id(), regs->rip);
}
