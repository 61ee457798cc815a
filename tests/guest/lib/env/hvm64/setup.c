/* SPDX-License-Identifier: MIT */
/* setup.c - hvm64 start of day (boot_params), vmmcall hypercalls, the IDT and exception dispatch. */
#include "guest.h"
#include "hvm64.h"

#define NR_VECTORS       256
#define NR_EXCEPTIONS    32
#define IDT_STUB_SIZE    16
#define GATE_INTERRUPT   0x8e      /* present, DPL 0, 64-bit interrupt gate */
#define SEL_CODE64       0x08
#define BP_CMD_LINE_PTR  0x228     /* boot_params: the setup header's cmd_line_ptr */
#define RFLAGS_TF        0x100UL

struct idt_gate {
    uint16_t offset_low, selector;
    uint8_t ist, type;
    uint16_t offset_mid;
    uint32_t offset_high, reserved;
};

struct extable_entry {
    uint64_t from, to;
};

extern const char idt_stubs[];
extern const struct extable_entry __extable_start[], __extable_end[];

struct exception_info last_exception = { .vector = NO_EXCEPTION };
static struct idt_gate idt[NR_VECTORS] __attribute__((aligned(16)));
static trap_hook_fn hooks[NR_EXCEPTIONS];
static irq_handler_fn irq_handlers[NR_VECTORS];
static start_info_t boot_info;   /* only cmd_line is filled: the shared code reads it */

static const char *const names[NR_EXCEPTIONS] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#MF9",
    "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM",
    "#VE", "#CP", "#22", "#23", "#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

/* vmmcall: number in RAX, arguments in RDI RSI RDX R10 R8, result in RAX;
 * a continuation re-issues it with updated arguments (all outputs). */
long arch_hypercall(long nr, long a1, long a2, long a3, long a4, long a5)
{
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;

    __asm__ volatile("vmmcall"
                     : "+a"(nr), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
                     : : "memory");
    return nr;
}

void hvm64_debug_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        outb(HVM64_DEBUG_PORT, (uint8_t)s[i]);
}

const char *exception_name(unsigned int vector)
{
    return vector < NR_EXCEPTIONS ? names[vector] : "interrupt";
}

static void load_idt(uint16_t limit)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) desc = { limit, (uint64_t)(uintptr_t)idt };

    __asm__ volatile("lidt %0" : : "m"(desc) : "memory");
}

long traps_install(void)
{
    for (unsigned int v = 0; v < NR_VECTORS; v++) {
        uint64_t a = (uint64_t)(uintptr_t)(idt_stubs + v * IDT_STUB_SIZE);

        idt[v] = (struct idt_gate){
            .offset_low = (uint16_t)a, .selector = SEL_CODE64, .type = GATE_INTERRUPT,
            .offset_mid = (uint16_t)(a >> 16), .offset_high = (uint32_t)(a >> 32),
        };
    }
    load_idt(sizeof(idt) - 1);
    return 0;
}

long traps_uninstall(void)
{
    hvm64_drop_idt();
    return 0;
}

void hvm64_drop_idt(void)
{
    load_idt(0);
}

void exception_clear(void)
{
    last_exception = (struct exception_info){ .vector = NO_EXCEPTION };
}

void trap_set_hook(unsigned int vector, trap_hook_fn fn)
{
    if (vector < NR_EXCEPTIONS)
        hooks[vector] = fn;
}

void hvm64_set_irq_handler(unsigned int vector, irq_handler_fn fn)
{
    if (vector >= NR_EXCEPTIONS && vector < NR_VECTORS)
        irq_handlers[vector] = fn;
}

static bool is_trap(unsigned int vector)
{
    return vector == X86_DB || vector == X86_BP || vector == X86_OF;
}

static const struct extable_entry *extable_find(uint64_t rip, unsigned int vector)
{
    for (const struct extable_entry *e = __extable_start; e < __extable_end; e++)
        if (rip == e->from || (is_trap(vector) && rip == e->to))
            return e;
    return NULL;
}

static uint64_t read_cr2(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static void record(const struct trap_regs *r)
{
    last_exception = (struct exception_info){
        .vector = (unsigned int)r->vector, .error = r->error, .rip = r->rip,
        .cs = r->cs, .rflags = r->rflags, .rsp = r->rsp, .ss = r->ss,
        .cr2 = r->vector == X86_PF ? read_cr2() : 0, .count = last_exception.count + 1,
    };
}

static NORETURN void unexpected(const struct trap_regs *r)
{
    printk("unexpected %s (vector %lu) error %#lx at %#lx cs %#lx rflags %#lx rsp %#lx\n",
           exception_name((unsigned int)r->vector), r->vector, r->error, r->rip, r->cs,
           r->rflags, r->rsp);
    report_error("unexpected %s (vector %lu) at %#lx (error %#lx)",
                 exception_name((unsigned int)r->vector), r->vector, r->rip, r->error);
}

void trap_handle(struct trap_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;
    const struct extable_entry *e;

    if (v >= NR_EXCEPTIONS) {
        if (irq_handlers[v] == NULL)
            unexpected(regs);
        irq_handlers[v](v);
        return;
    }
    if (hooks[v] != NULL && hooks[v](regs))
        return;
    e = extable_find(regs->rip, v);
    if (e == NULL)
        unexpected(regs);
    record(regs);
    regs->rip = e->to;
    regs->rflags &= ~RFLAGS_TF;
}

/* The command line the loader left at boot_params.cmd_line_ptr. */
static void take_cmdline(const uint8_t *boot_params)
{
    uint32_t ptr = *(const uint32_t *)(boot_params + BP_CMD_LINE_PTR);
    const char *s = (const char *)(uintptr_t)ptr;
    size_t n = 0;

    if (ptr != 0)
        while (n < sizeof(boot_info.cmd_line) - 1 && s[n] != '\0') {
            boot_info.cmd_line[n] = s[n];
            n++;
        }
    boot_info.cmd_line[n] = '\0';
    start_info = &boot_info;
}

void env_setup(void)
{
    (void)traps_install();
}

void env_start(start_info_t *si)
{
    static const char hello[] = "hvm64: entered\n";

    hvm64_debug_write(hello, sizeof(hello) - 1);
    take_cmdline((const uint8_t *)si);
    printk("--- Strata guest test (" ENV_NAME "): %s ---\n", test_title);
    env_setup();
    test_main();
    report_error("test_main returned without a verdict");
}
