/* SPDX-License-Identifier: MIT */
/* lapic.c - local APIC: enable, timer (boot tick, then one-shot or TSC deadline), IPIs. */
#include "arch/x86/lapic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/ipi.h"
#include "arch/x86/layout.h"
#include "arch/x86/percpu.h"
#include "arch/x86/traps.h"
#include "arch/x86/tsc.h"
#include "arch/x86/vector.h"
#include "lib/print.h"

#define LAPIC_PHYS          0xfee00000ULL   /* mapped UC by paging.c */
#define APIC_BASE_ENABLE    (1ULL << 11)
#define REG_ID              0x020
#define REG_EOI             0x0b0
#define REG_SVR             0x0f0
#define REG_ISR             0x100           /* 8 registers, 0x10 apart */
#define REG_ICR_LOW         0x300
#define REG_ICR_HIGH        0x310
#define REG_LVT_TIMER       0x320
#define REG_TIMER_INIT      0x380
#define REG_TIMER_CURRENT   0x390
#define REG_TIMER_DIVIDE    0x3e0
#define SVR_ENABLE          0x100
#define LVT_MASKED          (1U << 16)
#define LVT_PERIODIC        (1U << 17)
#define LVT_TSC_DEADLINE    (2U << 17)
#define MSR_TSC_DEADLINE    0x6e0U
#define CPUID1_ECX_TSC_DEADLINE (1U << 24)
#define RFLAGS_IF           (1UL << 9)
#define NS_PER_S            1000000000ULL
#define DIVIDE_BY_16        0x3
#define ICR_INIT            0x00004500U     /* INIT, level assert */
#define ICR_STARTUP         0x00004600U
#define ICR_FIXED           0x00004000U     /* fixed delivery, assert */
#define ICR_NMI             0x00004400U
#define ICR_PENDING         (1U << 12)
#define CALIBRATE_US        20000
#define CALIBRATE_RUNS      3

static uint64_t timer_hz;
static bool tsc_deadline;               /* CPUID: the timer takes a TSC deadline */
static bool timer_oneshot[MAX_CPUS];    /* this CPU left the boot tick */
static volatile uint64_t kicks_taken[MAX_CPUS];
static volatile uint64_t spurious_taken[MAX_CPUS];
static struct lapic_timer_stats timer_stats[MAX_CPUS];
static uint64_t armed_ns[MAX_CPUS];     /* deadline the timer is armed for */

static volatile uint32_t *reg(unsigned int offset)
{
    return (volatile uint32_t *)(uintptr_t)(DIRECTMAP_BASE + LAPIC_PHYS + offset);
}

static uint32_t lapic_read(unsigned int offset)
{
    return *reg(offset);
}

static void lapic_write(unsigned int offset, uint32_t v)
{
    *reg(offset) = v;
}

void lapic_eoi(void)
{
    lapic_write(REG_EOI, 0);
}

uint32_t lapic_id(void)
{
    return lapic_read(REG_ID) >> 24;
}

static void kick(struct cpu_regs *regs);
static void timer_tick(struct cpu_regs *regs);

/* Is vector v in service (its ISR bit set)? */
static bool in_service(unsigned int v)
{
    return (lapic_read(REG_ISR + (v / 32) * 0x10) >> (v % 32)) & 1;
}

/* A true spurious interrupt (the LAPIC withdrew it) sets no ISR bit and
 * must not be acknowledged; a fixed interrupt someone sent with this
 * vector does, and is, or it would block every lower priority. */
static void spurious(struct cpu_regs *regs)
{
    unsigned int cpu = arch_cpu_id();
    bool sent = in_service(VEC_SPURIOUS);

    if (spurious_taken[cpu] < IPI_LOG_MAX)
        ipi_log_unlocked("CPU %u: spurious interrupt (vector %#lx%s) at %#lx, ignored\n", cpu,
                         regs->vector, sent ? ", in service: EOI" : "", regs->rip);
    spurious_taken[cpu]++;      /* after the line: a waiter sees both */
    if (sent)
        lapic_eoi();
}

uint64_t lapic_spurious_count(unsigned int cpu)
{
    return cpu < MAX_CPUS ? spurious_taken[cpu] : 0;
}

void lapic_enable(void)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
    lapic_write(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
    /* Claiming again as the same owner is fine: every CPU runs this. */
    vector_reserve_legacy();
    if (vector_claim(VEC_SPURIOUS, "lapic-spurious", spurious) != STATUS_OK ||
        vector_claim(VEC_KICK, "lapic-kick", kick) != STATUS_OK ||
        vector_claim(VEC_TIMER, "lapic-timer", timer_tick) != STATUS_OK)
        panic("LAPIC vectors taken");
}

/* One measurement: timer counts against TSC ticks over CALIBRATE_US.
 * Each register read is bracketed by TSC reads, so a vCPU descheduled
 * between them (TCG on a busy host) shifts both clocks alike. */
static uint64_t timer_measure(void)
{
    uint64_t t0, t1;
    uint32_t c0, c1;

    lapic_write(REG_TIMER_INIT, 0xffffffffU);
    t0 = rdtsc();
    c0 = lapic_read(REG_TIMER_CURRENT);
    t0 = (t0 + rdtsc()) / 2;
    tsc_delay_us(CALIBRATE_US);
    t1 = rdtsc();
    c1 = lapic_read(REG_TIMER_CURRENT);
    t1 = (t1 + rdtsc()) / 2;
    lapic_write(REG_TIMER_INIT, 0);
    return (uint64_t)((unsigned __int128)(c0 - c1) * tsc_hz() / (t1 - t0));
}

static bool cpu_has_tsc_deadline(void)
{
    uint32_t a, b, c, d;

    cpuid(1, &a, &b, &c, &d);
    return (c & CPUID1_ECX_TSC_DEADLINE) != 0;
}

void lapic_timer_calibrate(void)
{
    uint64_t m[CALIBRATE_RUNS];

    lapic_write(REG_TIMER_DIVIDE, DIVIDE_BY_16);
    lapic_write(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
    for (unsigned int i = 0; i < CALIBRATE_RUNS; i++)
        m[i] = timer_measure();
    /* The median of three ignores one disturbed run. */
    timer_hz = m[0] > m[1] ? (m[1] > m[2] ? m[1] : (m[0] > m[2] ? m[2] : m[0]))
                           : (m[0] > m[2] ? m[0] : (m[1] > m[2] ? m[2] : m[1]));
    if (timer_hz == 0)
        panic("LAPIC timer calibration failed");
    tsc_deadline = cpu_has_tsc_deadline();
    printk("LAPIC timer: %lu kHz after divide-by-16, %u Hz boot tick, then %s\n",
           timer_hz / 1000, LAPIC_TIMER_HZ, tsc_deadline ? "TSC deadline" : "one-shot");
}

uint64_t lapic_timer_hz(void)
{
    return timer_hz;
}

/* How late a deadline interrupt came (TCG on a loaded host: the vCPU
 * thread may not run when its timer expires). */
static void timer_account(unsigned int cpu)
{
    struct lapic_timer_stats *st = &timer_stats[cpu];
    uint64_t now = arch_now_ns(), late;

    if (armed_ns[cpu] == 0)
        return;
    late = now > armed_ns[cpu] ? now - armed_ns[cpu] : 0;
    if (now < armed_ns[cpu])
        st->early++;
    armed_ns[cpu] = 0;
    st->interrupts++;
    st->late_sum_ns += late;
    if (late > st->late_max_ns)
        st->late_max_ns = late;
}

static void timer_tick(struct cpu_regs *regs)
{
    this_cpu()->timer_ticks++;
    timer_account(arch_cpu_id());
    lapic_eoi();
}

struct lapic_timer_stats lapic_timer_stats(unsigned int cpu)
{
    return cpu < MAX_CPUS ? timer_stats[cpu] : (struct lapic_timer_stats){ 0 };
}

void lapic_timer_start(void)
{
    lapic_write(REG_TIMER_DIVIDE, DIVIDE_BY_16);
    lapic_write(REG_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
    lapic_write(REG_TIMER_INIT, (uint32_t)(timer_hz / LAPIC_TIMER_HZ));
}

static uint64_t irq_save(void)
{
    uint64_t flags;

    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

static void irq_restore(uint64_t flags)
{
    if (flags & RFLAGS_IF)
        irq_enable();
}

/* The two ICR writes must not be split by an interrupt whose handler
 * sends an IPI of its own. */
/* --- One-shot programming ------------------------------------------------ */

/* ns in ticks of a hz clock, rounded up: the interrupt never comes early. */
static uint64_t ns_to_ticks(uint64_t ns, uint64_t hz)
{
    return (uint64_t)(((unsigned __int128)ns * hz + NS_PER_S - 1) / NS_PER_S);
}

/* Leave the periodic boot tick for deadline programming (once per CPU). */
static void timer_leave_periodic(void)
{
    unsigned int cpu = arch_cpu_id();

    if (timer_oneshot[cpu])
        return;
    lapic_write(REG_TIMER_INIT, 0);
    if (tsc_deadline) {
        lapic_write(REG_LVT_TIMER, LVT_TSC_DEADLINE | VEC_TIMER);
        /* The MMIO write must land before the first deadline MSR write. */
        __asm__ volatile("mfence" : : : "memory");
    } else {
        lapic_write(REG_TIMER_DIVIDE, DIVIDE_BY_16);
        lapic_write(REG_LVT_TIMER, VEC_TIMER);      /* one-shot */
    }
    timer_oneshot[cpu] = true;
}

void arch_timer_program(uint64_t deadline_ns)
{
    uint64_t now = arch_now_ns();
    uint64_t delta = deadline_ns > now ? deadline_ns - now : 0;

    if (delta > LAPIC_MAX_SLEEP_NS)
        delta = LAPIC_MAX_SLEEP_NS;
    timer_leave_periodic();
    armed_ns[arch_cpu_id()] = now + delta;
    if (tsc_deadline) {
        wrmsr(MSR_TSC_DEADLINE, rdtsc() + ns_to_ticks(delta, tsc_hz()) + 1);
    } else {
        uint64_t count = ns_to_ticks(delta, timer_hz);

        lapic_write(REG_TIMER_INIT, count == 0 ? 1 : count > UINT32_MAX ? UINT32_MAX
                                                                       : (uint32_t)count);
    }
}

bool lapic_timer_is_oneshot(void)
{
    return timer_oneshot[arch_cpu_id()];
}

/* --- IPIs -------------------------------------------------------------------- */

static void kick(struct cpu_regs *regs)
{
    (void)regs;
    kicks_taken[arch_cpu_id()]++;
    lapic_eoi();
}

uint64_t lapic_kicks(unsigned int cpu)
{
    return cpu < MAX_CPUS ? kicks_taken[cpu] : 0;
}

void arch_kick_cpu(unsigned int cpu)
{
    if (cpu >= MAX_CPUS || cpu == arch_cpu_id() || !percpu_of(cpu)->online)
        return;
    lapic_send_ipi(cpu, VEC_KICK);
}

static void icr_send(uint32_t apic_id, uint32_t low)
{
    uint64_t flags = irq_save();

    lapic_write(REG_ICR_HIGH, apic_id << 24);
    lapic_write(REG_ICR_LOW, low);
    while (lapic_read(REG_ICR_LOW) & ICR_PENDING)
        cpu_relax();
    irq_restore(flags);
}

void lapic_send_ipi(unsigned int cpu, uint8_t vector)
{
    icr_send(percpu_of(cpu)->apic_id, ICR_FIXED | vector);
}

void lapic_send_nmi(unsigned int cpu)
{
    icr_send(percpu_of(cpu)->apic_id, ICR_NMI);
}

/* The INIT-SIPI-SIPI sequence with the usual 10 ms / 200 us waits. */
void lapic_start_ap(uint32_t apic_id, uint8_t sipi_page)
{
    icr_send(apic_id, ICR_INIT);
    tsc_delay_us(10000);
    icr_send(apic_id, ICR_STARTUP | sipi_page);
    tsc_delay_us(200);
    icr_send(apic_id, ICR_STARTUP | sipi_page);
}
