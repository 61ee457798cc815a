/* SPDX-License-Identifier: MIT */
/* guest.c - what guest execution needs of the CPU: syscall MSRs, CR3, bases, FPU. */
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/extable.h"
#include "arch/x86/gdt.h"
#include "arch/x86/guest.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "arch/x86/tlb.h"
#include "arch/x86/tsc.h"
#include "lib/string.h"

#define MSR_STAR            0xC0000081U
#define MSR_LSTAR           0xC0000082U
#define MSR_CSTAR           0xC0000083U
#define MSR_SFMASK          0xC0000084U
#define MSR_FS_BASE         0xC0000100U
#define MSR_KERNEL_GS_BASE  0xC0000102U
#define EFER_SCE            (1UL << 0)
#define CR0_MP              (1UL << 1)
#define CR0_EM              (1UL << 2)
#define CR0_TS              (1UL << 3)
#define CR0_NE              (1UL << 5)
#define CR4_OSFXSR          (1UL << 9)
#define CR4_OSXMMEXCPT      (1UL << 10)
/* TF IF DF IOPL NT AC: the hypervisor starts a syscall with these clear. */
#define SYSCALL_FLAG_MASK   0x47700UL
#define RFLAGS_IF           (1UL << 9)
#define FXSAVE_FCW          0
#define FXSAVE_MXCSR        24
#define FCW_DEFAULT         0x037f
#define MXCSR_DEFAULT       0x1f80

extern const char guest_syscall_entry[], guest_syscall32_entry[];

static inline uint64_t read_cr0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline void write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

void guest_cpu_init(void)
{
    /* SYSRET's base 0xe023 gives CS 0xe033 / SS 0xe02b; SYSCALL loads
     * the hypervisor's 0xe008 / 0xe010. */
    wrmsr(MSR_STAR, ((uint64_t)(SEL_GUEST_CS32 | 3) << 48) | ((uint64_t)SEL_CODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)(uintptr_t)guest_syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)(uintptr_t)guest_syscall32_entry);
    wrmsr(MSR_SFMASK, SYSCALL_FLAG_MASK);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* Guests use SSE: enable FXSAVE state and native exceptions. NE:
     * x87 errors raise #MF (the CR0 guests read says so), not FERR#. */
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    /* Until a guest runs, the inactive GS base is this CPU's too. */
    wrmsr(MSR_KERNEL_GS_BASE, rdmsr(MSR_GS_BASE));
}

struct cpu_regs *arch_guest_frame(void)
{
    return (struct cpu_regs *)(this_cpu()->stack_top - sizeof(struct cpu_regs));
}

NORETURN void arch_start_cpu_loops(void (*fn)(unsigned int cpu))
{
    smp_set_ap_work(fn);
    arch_run_cpu_loop(fn);
}

void arch_idle_wait(void)
{
    cpu_safe_halt();
    irq_disable();
}

void arch_irq_disable(void)
{
    irq_disable();
}

void arch_irq_enable(void)
{
    irq_enable();
}

/* A PV guest may set G in its own entries (the PV MMU accepts it, as
 * Xen does), and a CR3 write keeps global translations: without the
 * full flush another guest's access to the same address would use them.
 * (QEMU's TCG flushes everything on a CR3 write anyway, so
 * guest.tlb-global cannot fail there; hardware keeps them.) */
void arch_load_guest_l4(mfn_t l4)
{
    uint64_t cr3 = l4 << PAGE_SHIFT;

    if (read_cr3() != cr3) {
        write_cr3(cr3);
        tlb_flush_all_local();
    }
}

void arch_load_idle_l4(void)
{
    if (read_cr3() != paging_root())
        write_cr3(paging_root());
}

void arch_flush_local_tlb(void)
{
    write_cr3(read_cr3());
}

void arch_invlpg(uint64_t va)
{
    invlpg((const void *)(uintptr_t)va);
}

/* While the hypervisor runs, the guest's GS base waits in
 * KERNEL_GS_BASE: the swapgs of the return path brings it back. */
void arch_set_guest_bases(uint64_t fs, uint64_t gs_active)
{
    wrmsr(MSR_FS_BASE, fs);
    wrmsr(MSR_KERNEL_GS_BASE, gs_active);
}

/*
 * The selector goes into GS with the guest's base active (swapgs), so
 * the descriptor sets that base; it is read back, then swapgs and the
 * guest's active base go back. Interrupts stay off meanwhile: the
 * hypervisor's own GS base is away. A null selector is loaded after a
 * flat one, so that AMD CPUs, which keep the base on a null load, also
 * give 0. The caller has checked the descriptor; a fault anyway loads
 * the null selector (fixup).
 */
uint64_t arch_load_guest_user_gs(uint16_t sel)
{
    uint64_t active, base, flags;
    uint16_t null_sel = 0;

    __asm__ volatile("pushfq\n\tpopq %0\n\tcli" : "=r"(flags) : : "memory");
    active = rdmsr(MSR_KERNEL_GS_BASE);
    __asm__ volatile("swapgs\n\t"
                     "movw %w[flat], %%gs\n"
                     "1: movw %w[sel], %%gs\n\t"
                     "jmp 3f\n"
                     "2: movw %w[null], %%gs\n"
                     "3: swapgs\n\t"
                     EXTABLE_ENTRY("1b", "2b")
                     : : [sel] "r"(sel), [flat] "r"((uint16_t)(SEL_GUEST_DS | 3)),
                         [null] "r"(null_sel)
                     : "memory");
    base = rdmsr(MSR_KERNEL_GS_BASE);
    wrmsr(MSR_KERNEL_GS_BASE, active);
    if (flags & RFLAGS_IF)
        irq_enable();
    return base;
}

void arch_save_guest_selectors(struct arch_guest_sels *s)
{
    __asm__ volatile("movw %%ds, %0\n\t"
                     "movw %%es, %1\n\t"
                     "movw %%fs, %2\n\t"
                     "movw %%gs, %3"
                     : "=m"(s->ds), "=m"(s->es), "=m"(s->fs), "=m"(s->gs));
}

/* Each load has a fixup that loads the null selector instead. GS goes in
 * with the guest's base active (swapgs), so the hypervisor's base
 * survives; the caller then sets both guest bases. */
void arch_load_guest_selectors(const struct arch_guest_sels *s)
{
    uint16_t null_sel = 0;
    uint64_t flags;

    __asm__ volatile("pushfq\n\tpopq %0\n\tcli" : "=r"(flags) : : "memory");
    __asm__ volatile("1: movw %w[ds], %%ds\n\t"
                     "jmp 2f\n"
                     "3: movw %w[null], %%ds\n"
                     "2: \n"
                     "4: movw %w[es], %%es\n\t"
                     "jmp 5f\n"
                     "6: movw %w[null], %%es\n"
                     "5: \n"
                     "7: movw %w[fs], %%fs\n\t"
                     "jmp 8f\n"
                     "9: movw %w[null], %%fs\n"
                     "8: swapgs\n"
                     "10: movw %w[gs], %%gs\n\t"
                     "jmp 11f\n"
                     "12: movw %w[null], %%gs\n"
                     "11: swapgs\n\t"
                     EXTABLE_ENTRY("1b", "3b")
                     EXTABLE_ENTRY("4b", "6b")
                     EXTABLE_ENTRY("7b", "9b")
                     EXTABLE_ENTRY("10b", "12b")
                     : : [ds] "r"(s->ds), [es] "r"(s->es), [fs] "r"(s->fs),
                         [gs] "r"(s->gs), [null] "r"(null_sel)
                     : "memory");
    if (flags & RFLAGS_IF)
        irq_enable();
}

uint64_t arch_guest_fs_base(void)
{
    return rdmsr(MSR_FS_BASE);
}

uint64_t arch_guest_gs_base(void)
{
    return rdmsr(MSR_KERNEL_GS_BASE);
}

/* Both clear CR0.TS first: a vCPU may run with it set (its virtual TS),
 * and FXSAVE/FXRSTOR would raise #NM in Strata then. */
void arch_fpu_save(void *area)
{
    __asm__ volatile("clts\n\tfxsave64 (%0)" : : "r"(area) : "memory");
}

void arch_fpu_restore(const void *area)
{
    __asm__ volatile("clts\n\tfxrstor64 (%0)" : : "r"(area) : "memory");
}

void arch_fpu_set_ts(bool ts)
{
    if (ts)
        write_cr0(read_cr0() | CR0_TS);
    else
        __asm__ volatile("clts" ::: "memory");
}

void arch_fpu_init_state(void *area)
{
    uint16_t fcw = FCW_DEFAULT;
    uint32_t mxcsr = MXCSR_DEFAULT;

    mem_set(area, 0, ARCH_FPU_BYTES);
    mem_copy((uint8_t *)area + FXSAVE_FCW, &fcw, sizeof(fcw));
    mem_copy((uint8_t *)area + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
}

uint64_t arch_read_tsc(void)
{
    return rdtsc();
}

uint64_t arch_tsc_hz(void)
{
    return tsc_hz();
}

void arch_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
                     : "a"(leaf), "c"(subleaf));
}

uint64_t arch_read_cr2(void)
{
    return read_cr2();
}

void arch_pv_init_l4(uint64_t *l4)
{
    const uint64_t *idle = arch_frame_to_virt(paging_root() >> PAGE_SHIFT);

    for (unsigned int slot = PV_XEN_L4_FIRST; slot <= PV_XEN_L4_LAST; slot++)
        l4[slot] = idle[slot];
}
