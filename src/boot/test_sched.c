/* SPDX-License-Identifier: MIT */
/* test_sched.c - test=sched-credit / sched-rtds: busy vCPUs on every CPU. */
#include "boot/selftest.h"
#include "boot/test_guests.h"
#include "arch/x86/exit_code.h"
#include "arch/x86/lapic.h"
#include "core/sched/sched_rtds.h"
#include "core/sched/timer.h"
#include "guest/vcpu_state.h"
#include "lib/format.h"
#include "lib/print.h"

/*
 * Eight single-vCPU guests spin in ring 3 for RUN_NS of system time.
 * credit: weights 1:1:2:2:3:3:4:4 (no vCPU needs more than one CPU on
 * four), each domain's share of the CPU time given must lie within
 * FAIR_TOLERANCE_PCT of its weight's share. rtds: one guest with a
 * 20 ms / 100 ms server among seven with 30 ms / 100 ms must miss no
 * deadline (utilisation 2.3 on four CPUs, within global EDF's bound
 * m(1 - umax) + umax = 3.1) after WARMUP_NS, and none may run more than
 * its budgets (one per window, plus the 10 ms window it joined with)
 * and SLICE_LATE_NS per window: budgets end at the one-shot deadline,
 * not at a tick. Misses are counted after the warm-up because a unit
 * joins with the default 4 ms / 10 ms server and its first window keeps
 * that end when the test's parameters replace the budget (one miss each).
 * The deadline check needs guest time that host stalls cannot steal:
 * the CTest runs QEMU with -icount (tests/boot/qemu-icount.sh).
 */
#define NR_GUESTS          8
#define RUN_NS             4000000000UL
#define WARMUP_NS          300000000UL
#define SLICE_LATE_NS      200000UL
#define FAIR_TOLERANCE_PCT 5
#define RT_PERIOD_NS       100000000UL
#define RT_BUDGET_NS       20000000UL
#define BUSY_BUDGET_NS     30000000UL

extern const char pv_spin_blob[], pv_spin_blob_end[];

static struct domain *guests[NR_GUESTS];
static const uint32_t weights[NR_GUESTS] = { 100, 100, 200, 200, 300, 300, 400, 400 };
static struct timer stop_timer, warm_timer;
static uint64_t misses_at_warm[NR_GUESTS];
static const char *test_name;

static struct sched_unit *unit_of(struct domain *d)
{
    return &guest_vcpu_of(&d->vcpus[0])->unit;
}

static bool check_credit(void)
{
    uint64_t total = 0, weight_sum = 0;
    bool ok = true;

    for (unsigned int i = 0; i < NR_GUESTS; i++) {
        total += unit_of(guests[i])->runtime_ns;
        weight_sum += weights[i];
    }
    for (unsigned int i = 0; i < NR_GUESTS && total > 0; i++) {
        uint64_t ran = unit_of(guests[i])->runtime_ns;
        uint64_t want = total / weight_sum * weights[i];
        uint64_t err = ran > want ? ran - want : want - ran;
        uint64_t err_permille = err * 1000 / want;

        printk("  d%u weight %u: ran %lu ms, fair share %lu ms, error %lu.%lu%%\n",
               guests[i]->id, weights[i], ran / 1000000, want / 1000000,
               err_permille / 10, err_permille % 10);
        if (err_permille > FAIR_TOLERANCE_PCT * 10)
            ok = false;
    }
    return ok && total > 0;
}

/* The most CPU time u may have had: a budget per window that began in
 * the run (the first may begin before the stop timer is armed), one for
 * the window it joined with, and some lateness each. */
static uint64_t rtds_allowance(const struct sched_unit *u)
{
    uint64_t windows = RUN_NS / u->policy.rtds.period_ns + 2;

    return windows * (u->policy.rtds.budget_ns + SLICE_LATE_NS);
}

static bool check_rtds(void)
{
    bool ok = true;

    for (unsigned int i = 0; i < NR_GUESTS; i++) {
        struct sched_unit *u = unit_of(guests[i]);
        uint64_t misses = rtds_unit_misses(u) - misses_at_warm[i];

        printk("  d%u budget %lu ms / %lu ms: ran %lu ms, %lu deadline misses "
               "(%lu in the warm-up)\n", guests[i]->id, u->policy.rtds.budget_ns / 1000000,
               u->policy.rtds.period_ns / 1000000, u->runtime_ns / 1000000, misses,
               misses_at_warm[i]);
        if (misses != 0 || u->runtime_ns > rtds_allowance(u)) {
            printk("  d%u: over its budget (%lu ms allowed) or missed\n", guests[i]->id,
                   rtds_allowance(u) / 1000000);
            ok = false;
        }
    }
    return ok;
}

static void warm(struct timer *t, void *data, uint64_t now)
{
    (void)t;
    (void)data;
    (void)now;
    for (unsigned int i = 0; i < NR_GUESTS; i++)
        misses_at_warm[i] = rtds_unit_misses(unit_of(guests[i]));
}

/* What drove the CPUs: deadline interrupts (and their lateness, which
 * on TCG is the host's), wake-up IPIs. */
static void report_cpus(void)
{
    for (unsigned int cpu = 0; cpu < arch_nr_cpus(); cpu++) {
        struct lapic_timer_stats st = lapic_timer_stats(cpu);

        printk("  CPU %u: %lu deadline interrupts (%lu early), late by %lu us on average, "
               "%lu us at worst; %lu wake-up IPIs\n", cpu, st.interrupts, st.early,
               st.interrupts ? st.late_sum_ns / st.interrupts / 1000 : 0,
               st.late_max_ns / 1000, lapic_kicks(cpu));
    }
}

static void stop(struct timer *t, void *data, uint64_t now)
{
    bool rtds = data != NULL;
    bool ok;

    (void)t;
    (void)now;
    printk("%s: after %lu ms of system time:\n", test_name, RUN_NS / 1000000);
    ok = rtds ? check_rtds() : check_credit();
    report_cpus();
    selftest_report(test_name, ok, rtds ? "no RTDS deadline missed, no budget overrun"
                                        : "CPU time within 5% of the weights");
    arch_shutdown(ok ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

static void on_end(bool all_poweroff)
{
    (void)all_poweroff;
    test_guests_fail(test_name, "a spinning guest ended");
}

static NORETURN void run(bool rtds)
{
    size_t len = (size_t)(pv_spin_blob_end - pv_spin_blob);

    test_name = rtds ? "sched-rtds" : "sched-credit";
    test_guests_init(rtds ? "rtds" : "credit", on_end);
    for (unsigned int i = 0; i < NR_GUESTS; i++) {
        struct guest_params p = { .console_mfn = INVALID_MFN };

        format(p.name, sizeof(p.name), "spin%u", i);
        if (rtds) {
            p.period_ns = RT_PERIOD_NS;
            p.budget_ns = i == 0 ? RT_BUDGET_NS : BUSY_BUDGET_NS;
        } else {
            p.weight = weights[i];
        }
        guests[i] = test_guest_start((domid_t)(i + 1), pv_spin_blob, len, &p);
    }
    if (timer_init(&stop_timer, stop, rtds ? (void *)1 : NULL, 0) != STATUS_OK ||
        timer_init(&warm_timer, warm, NULL, 0) != STATUS_OK ||
        timer_set(&warm_timer, arch_now_ns() + WARMUP_NS) != STATUS_OK ||
        timer_set(&stop_timer, arch_now_ns() + RUN_NS) != STATUS_OK)
        test_guests_fail(test_name, "cannot arm the stop timer");
    guests_run();
}

NORETURN void test_sched_credit(void)
{
    run(false);
}

NORETURN void test_sched_rtds(void)
{
    run(true);
}
