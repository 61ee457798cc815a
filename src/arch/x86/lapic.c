/* SPDX-License-Identifier: MIT */
/* lapic.c - local APIC: enable, calibrated periodic timer, INIT/SIPI. */
#include "arch/x86/lapic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "arch/x86/percpu.h"
#include "arch/x86/traps.h"
#include "arch/x86/tsc.h"
#include "lib/print.h"

#define LAPIC_PHYS          0xfee00000ULL   /* mapped UC by paging.c */
#define APIC_BASE_ENABLE    (1ULL << 11)
#define REG_ID              0x020
#define REG_EOI             0x0b0
#define REG_SVR             0x0f0
#define REG_ICR_LOW         0x300
#define REG_ICR_HIGH        0x310
#define REG_LVT_TIMER       0x320
#define REG_TIMER_INIT      0x380
#define REG_TIMER_CURRENT   0x390
#define REG_TIMER_DIVIDE    0x3e0
#define SVR_ENABLE          0x100
#define LVT_MASKED          (1U << 16)
#define LVT_PERIODIC        (1U << 17)
#define DIVIDE_BY_16        0x3
#define ICR_INIT            0x00004500U     /* INIT, level assert */
#define ICR_STARTUP         0x00004600U
#define ICR_PENDING         (1U << 12)
#define CALIBRATE_US        20000
#define CALIBRATE_RUNS      3

static uint64_t timer_hz;

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

static void spurious(struct cpu_regs *regs)
{
    /* No EOI for a spurious interrupt. */
}

void lapic_enable(void)
{
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
    lapic_write(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
    trap_set_irq_handler(VEC_SPURIOUS, spurious);
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
    printk("LAPIC timer: %lu kHz after divide-by-16, %u Hz tick\n",
           timer_hz / 1000, LAPIC_TIMER_HZ);
}

uint64_t lapic_timer_hz(void)
{
    return timer_hz;
}

static void timer_tick(struct cpu_regs *regs)
{
    this_cpu()->timer_ticks++;
    lapic_eoi();
}

void lapic_timer_start(void)
{
    trap_set_irq_handler(VEC_TIMER, timer_tick);
    lapic_write(REG_TIMER_DIVIDE, DIVIDE_BY_16);
    lapic_write(REG_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
    lapic_write(REG_TIMER_INIT, (uint32_t)(timer_hz / LAPIC_TIMER_HZ));
}

static void icr_send(uint32_t apic_id, uint32_t low)
{
    lapic_write(REG_ICR_HIGH, apic_id << 24);
    lapic_write(REG_ICR_LOW, low);
    while (lapic_read(REG_ICR_LOW) & ICR_PENDING)
        cpu_relax();
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
