/* SPDX-License-Identifier: MIT */
/* traps.c - pv64 trap table, exception dispatch, the exception table. */
#include "guest.h"

#define NR_EXCEPTIONS 32
#define TRAP_DPL3     3

struct extable_entry {
    uint64_t from, to;
};

extern const struct extable_entry __extable_start[], __extable_end[];
extern const uint64_t trap_stub_table[];
extern const char trap_stub_soft[];

struct exception_info last_exception = { .vector = NO_EXCEPTION };
static trap_hook_fn hooks[NR_EXCEPTIONS + 1];   /* [32]: int $0x80 */
static struct trap_info table[NR_EXCEPTIONS + 2];

static const char *const names[NR_EXCEPTIONS] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#MF9",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
    "#VE", "#CP", "#22", "#23", "#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *exception_name(unsigned int vector)
{
    if (vector < NR_EXCEPTIONS)
        return names[vector];
    if (vector == SOFT_INT_VECTOR)
        return "int $0x80";
    return vector == VECTOR_EVENT ? "event" : "failsafe";
}

/* entry.S: the stub of each vector. */
static uint64_t stub_address(unsigned int vector)
{
    return trap_stub_table[vector];
}

long traps_install(void)
{
    unsigned int n = 0;

    for (unsigned int v = 0; v < NR_EXCEPTIONS; v++) {
        /* int3 and into may be used from "user" code: DPL 3. */
        uint8_t dpl = (v == X86_BP || v == X86_OF) ? TRAP_DPL3 : 0;

        table[n++] = (struct trap_info){
            .vector = (uint8_t)v, .flags = dpl, .cs = FLAT_KERNEL_CS,
            .address = stub_address(v),
        };
    }
    table[n++] = (struct trap_info){
        .vector = SOFT_INT_VECTOR, .flags = TRAP_DPL3, .cs = FLAT_KERNEL_CS,
        .address = (uint64_t)(uintptr_t)trap_stub_soft,
    };
    table[n] = (struct trap_info){ 0 };
    return hypercall_set_trap_table(table);
}

long traps_uninstall(void)
{
    return hypercall_set_trap_table(NULL);
}

void exception_clear(void)
{
    last_exception = (struct exception_info){ .vector = NO_EXCEPTION };
}

void trap_set_hook(unsigned int vector, trap_hook_fn fn)
{
    if (vector < NR_EXCEPTIONS)
        hooks[vector] = fn;
    else if (vector == SOFT_INT_VECTOR)
        hooks[NR_EXCEPTIONS] = fn;
}

/* Traps report the RIP after the instruction; faults the instruction. */
static bool is_trap(unsigned int vector)
{
    return vector == X86_DB || vector == X86_BP || vector == X86_OF ||
           vector == SOFT_INT_VECTOR;
}

static const struct extable_entry *extable_find(uint64_t rip, unsigned int vector)
{
    for (const struct extable_entry *e = __extable_start; e < __extable_end; e++)
        if (rip == e->from || (is_trap(vector) && rip == e->to))
            return e;
    return NULL;
}

static void record(const struct trap_regs *r)
{
    struct vcpu_info *vi = pv_vcpu_info();

    last_exception = (struct exception_info){
        .vector = (unsigned int)r->vector, .error = r->error, .rip = r->rip,
        .cs = r->cs, .rflags = r->rflags, .rsp = r->rsp, .ss = r->ss,
        .cr2 = vi != NULL ? vi->arch.cr2 : 0,
        .count = last_exception.count + 1,
    };
}

static NORETURN void unexpected(const struct trap_regs *r)
{
    struct vcpu_info *vi = pv_vcpu_info();

    printk("unexpected %s (vector %lu) error %#lx at %#lx cs %#lx rflags %#lx rsp %#lx\n",
           exception_name((unsigned int)r->vector), r->vector, r->error, r->rip, r->cs,
           r->rflags, r->rsp);
    printk("rax %#lx rbx %#lx rcx %#lx rdx %#lx rsi %#lx rdi %#lx cr2 %#lx\n",
           r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, vi != NULL ? vi->arch.cr2 : 0);
    report_error("unexpected %s at %#lx (error %#lx)",
                 exception_name((unsigned int)r->vector), r->rip, r->error);
}

void trap_handle(struct trap_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;
    trap_hook_fn hook = v < NR_EXCEPTIONS ? hooks[v] : v == SOFT_INT_VECTOR ? hooks[NR_EXCEPTIONS] : NULL;
    const struct extable_entry *e;

    if (v == VECTOR_EVENT) {
        events_upcall();
        return;
    }
    if (v == VECTOR_FAILSAFE)
        report_error("failsafe callback at %#lx", regs->rip);
    if (hook != NULL && hook(regs))
        return;
    e = extable_find(regs->rip, v);
    if (e == NULL)
        unexpected(regs);
    record(regs);
    regs->rip = e->to;
    regs->rflags &= ~0x100UL;   /* resume without single-stepping (#DB by TF) */
}
