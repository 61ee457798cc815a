/* SPDX-License-Identifier: MIT */
/* sched_sim.c - scheduler benchmarks: credit fairness, RTDS misses, decision cost vs N. */
#include "sim.h"
#include "core/sched/sched_credit.h"
#include "core/sched/sched_rtds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UNITS SCHED_MAX_UNITS

static struct sim_unit units[MAX_UNITS];
static const char *out_dir = ".";
static int failures;

static void expect(bool ok, const char *what)
{
    printf("  check %-58s %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

static FILE *open_out(const char *name)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", out_dir, name);
    f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    return f;
}

/* Write script name.gp and run gnuplot on it (skipped if gnuplot is absent). */
static void plot(const char *name, const char *script)
{
    char gp[256], cmd[1400];
    FILE *f;

    snprintf(gp, sizeof(gp), "%s.gp", name);
    f = open_out(gp);
    fprintf(f, "set terminal pngcairo size 900,560 noenhanced\nset output '%s/%s.png'\n%s",
            out_dir, name, script);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "cd '%s' && gnuplot %s 2>/dev/null || "
             "(cd '%s' && sed -i 's/pngcairo/png/' %s && gnuplot %s)",
             out_dir, gp, out_dir, gp, gp);
    if (system(cmd) != 0)
        printf("  (gnuplot failed: %s/%s not drawn)\n", out_dir, gp);
    else
        printf("  plot: %s/%s.png\n", out_dir, name);
}

/* --- credit fairness --------------------------------------------------- */

/* Max relative error of CPU-bound shares vs weights; writes a table. */
static double fairness_run(uint32_t ncpus, uint32_t n, const uint32_t *weights,
                           uint64_t seconds, FILE *dat)
{
    struct sim sim;
    uint64_t total_weight = 0;
    double worst = 0;

    sim_init(&sim, "credit", ncpus, units, n);
    for (uint32_t i = 0; i < n; i++) {
        credit_set_params(&units[i].unit, weights[i], 0);
        total_weight += weights[i];
        sim_cpu_bound(&sim, i);
    }
    sim_run(&sim, seconds * 1000 * MS);
    for (uint32_t i = 0; i < n; i++) {
        double want = (double)seconds * 1e9 * ncpus * weights[i] / total_weight;
        double got = (double)units[i].unit.runtime_ns;
        double err = fabs(got - want) / want;

        if (err > worst)
            worst = err;
        if (getenv("SIM_VERBOSE"))
            printf("    unit %2u weight %4u want %.3f got %.3f CPUs (%+.1f%%)\n", i,
                   weights[i], want / 1e9 / seconds, got / 1e9 / seconds,
                   (got - want) / want * 100);
        if (dat != NULL)
            fprintf(dat, "%u %u %.4f %.4f\n", i, weights[i], want / 1e9 / seconds,
                    got / 1e9 / seconds);
    }
    return worst;
}

static void scenario_fairness(void)
{
    static const uint32_t w8[] = { 64, 64, 128, 128, 256, 256, 512, 512 };
    uint32_t w16[16];
    FILE *dat = open_out("fairness.dat");
    double e2, e4, e1;

    printf("credit fairness (CPU-bound units, shares vs weights, 20 s simulated)\n");
    fprintf(dat, "# unit weight expected_cpus measured_cpus (2 CPUs, 8 units)\n");
    e2 = fairness_run(2, 8, w8, 20, dat);
    fclose(dat);
    for (uint32_t i = 0; i < 16; i++)
        w16[i] = 100 + 50 * (i % 8);
    e4 = fairness_run(4, 16, w16, 20, NULL);
    e1 = fairness_run(1, 4, w8 + 2, 20, NULL);
    printf("  max relative share error: 1 CPU/4 units %.2f%%, 2 CPUs/8 units %.2f%%, "
           "4 CPUs/16 units %.2f%%\n", e1 * 100, e2 * 100, e4 * 100);
    expect(e1 <= 0.05, "fairness error <= 5% (1 CPU, 4 units)");
    expect(e2 <= 0.05, "fairness error <= 5% (2 CPUs, 8 units)");
    expect(e4 <= 0.05, "fairness error <= 5% (4 CPUs, 16 units)");
    plot("fairness",
         "set title 'credit: CPU share by weight (2 CPUs, 8 CPU-bound units, 20 s)'\n"
         "set style data histograms\nset style fill solid 0.7 border -1\n"
         "set ylabel 'CPUs'\nset xlabel 'unit (weight)'\nset yrange [0:*]\n"
         "plot 'fairness.dat' using 3:xtic(sprintf('%d (%d)',$1,$2)) title 'expected', "
         "'' using 4 title 'measured'\n");
}

/* --- credit with bursty units ------------------------------------------ */

static void scenario_mixed(void)
{
    struct sim sim;
    uint64_t cpu_total = 0, seconds = 10;

    printf("credit mixed load (2 CPUs: 4 CPU-bound units + 4 bursty units, 10 s)\n");
    sim_init(&sim, "credit", 2, units, 8);
    for (uint32_t i = 0; i < 4; i++) {
        sim_cpu_bound(&sim, i);
        sim_bursty(&sim, 4 + i, 2 * MS, 8 * MS, 0x9e3779b97f4a7c15ull * (i + 1));
    }
    sim_run(&sim, seconds * 1000 * MS);
    for (uint32_t i = 0; i < 8; i++) {
        struct sim_unit *su = &units[i];

        cpu_total += su->unit.runtime_ns;
        printf("  unit %u %-9s ran %6.3f s  wake-to-run latency avg %7.1f us max %7.1f us\n",
               i, i < 4 ? "cpu-bound" : "bursty", su->unit.runtime_ns / 1e9,
               su->latency_count ? su->latency_sum / 1e3 / su->latency_count : 0.0,
               su->latency_max / 1e3);
    }
    expect(cpu_total == 2 * seconds * 1000 * MS,
           "work-conserving: no CPU idles while work waits");
    for (uint32_t i = 4; i < 8; i++)
        expect(units[i].latency_count > 100, "every bursty unit keeps being served");
}

/* --- RTDS deadline misses --------------------------------------------- */

struct miss_trace {
    FILE *dat;
};

static uint64_t sim_misses(struct sim *sim)
{
    uint64_t m = 0;

    for (uint32_t i = 0; i < sim->nunits; i++)
        m += sim->units[i].misses;
    return m;
}

static void sample_misses(struct sim *sim, void *ctx)
{
    struct miss_trace *tr = ctx;

    fprintf(tr->dat, "%.3f %llu\n", sim->now / 1e9,
            (unsigned long long)sim_misses(sim));
}

/* Periodic set (wcet, period in ms) on ncpus; returns job misses. */
static uint64_t rtds_run(const char *name, uint32_t ncpus, const uint64_t (*set)[2],
                         uint32_t n, uint64_t seconds, uint64_t *sched_misses)
{
    struct sim sim;
    struct rtds_stats stats;
    struct miss_trace tr;
    char file[128];
    double util = 0;

    snprintf(file, sizeof(file), "rtds_%s.dat", name);
    tr.dat = open_out(file);
    sim_init(&sim, "rtds", ncpus, units, n);
    for (uint32_t i = 0; i < n; i++) {
        sim_periodic(&sim, i, set[i][0] * MS, set[i][1] * MS);
        util += (double)set[i][0] / set[i][1];
    }
    sim.sample = sample_misses;
    sim.sample_ctx = &tr;
    sim.sample_every = 10 * MS;
    sim_run(&sim, seconds * 1000 * MS);
    fclose(tr.dat);
    rtds_get_stats(sim.pool, &stats);
    *sched_misses = stats.misses;
    uint64_t jobs = 0;
    for (uint32_t i = 0; i < n; i++)
        jobs += units[i].jobs;
    printf("  %-10s %u CPUs, %2u units, U = %.2f: %6llu jobs, %4llu missed "
           "(scheduler counted %llu)\n", name, ncpus, n, util,
           (unsigned long long)jobs, (unsigned long long)sim_misses(&sim),
           (unsigned long long)stats.misses);
    return sim_misses(&sim);
}

static void scenario_rtds(void)
{
    /* U = 1.5 on 2 CPUs, Umax = 0.25: within the global-EDF bound
     * U <= M (1 - Umax) + Umax = 1.75 (Goossens, Funk, Baruah). */
    static const uint64_t feasible[][2] = {
        { 2, 10 }, { 3, 15 }, { 4, 20 }, { 5, 25 }, { 6, 30 }, { 2, 8 }, { 3, 12 },
    };
    /* U = 1.2 on 1 CPU: each 10 ms window has 12 ms of work. */
    static const uint64_t overload[][2] = { { 6, 10 }, { 6, 10 } };
    /* U = 1.8 <= 2 CPUs but Umax = 0.6 breaks the bound: global EDF runs two
     * jobs to completion and the third misses each window (Dhall's effect). */
    static const uint64_t dhall[][2] = { { 6, 10 }, { 6, 10 }, { 6, 10 } };
    uint64_t m, s;

    printf("RTDS deadline misses (periodic jobs, firm deadlines, 2 s simulated)\n");
    m = rtds_run("feasible", 2, feasible, 7, 2, &s);
    expect(m == 0 && s == 0, "feasible set: zero misses");
    m = rtds_run("overload", 1, overload, 2, 2, &s);
    expect(m == 200 && s == 200, "overload: exactly one miss per 10 ms window (200)");
    m = rtds_run("dhall", 2, dhall, 3, 2, &s);
    expect(m == 200 && s == 200, "3 x (6,10) on 2 CPUs: one miss per window (200)");
    plot("rtds_misses",
         "set title 'RTDS: cumulative deadline misses'\nset key left top\n"
         "set xlabel 'simulated time (s)'\nset ylabel 'missed jobs'\n"
         "plot 'rtds_feasible.dat' with lines lw 2 title 'feasible: 2 CPUs, U=1.5', "
         "'rtds_overload.dat' with lines lw 2 title 'overload: 1 CPU, U=1.2', "
         "'rtds_dhall.dat' with lines lw 2 dt 2 title 'global EDF limit: 2 CPUs, 3 x 0.6'\n");
}

/* --- decision cost vs N ------------------------------------------------ */

struct cost {
    double ops;      /* policy operations per pick */
    double ns;       /* wall-clock ns per sched_schedule() */
    double acct;     /* credit: operations per accounting period */
};

static struct cost cost_run(const char *policy, uint32_t n)
{
    struct sim sim;
    struct cost c;
    uint64_t picks, ops;

    sim_init(&sim, policy, 4, units, n);
    for (uint32_t i = 0; i < n; i++) {
        if (policy[0] == 'r') {
            /* 90% of 4 CPUs shared by n servers, periods 50..146 ms so
             * that deadlines differ. */
            uint64_t period = (50 + i % 97) * MS;
            uint64_t budget = period * 36 / 10 / n;
            rtds_set_params(&units[i].unit, budget ? budget : 1, period);
            units[i].unit.policy.rtds.deadline_ns = period;
        }
        sim_cpu_bound(&sim, i);
    }
    c.acct = 0;
    sim.max_decisions = 20000;
    sim_run(&sim, 60000 * MS);
    if (policy[0] == 'c') {
        struct credit_stats st;
        credit_get_stats(sim.pool, &st);
        picks = st.picks;
        ops = st.ops;
        c.acct = (double)st.accounting_ops / (double)(st.accountings ? st.accountings : 1);
    } else {
        struct rtds_stats st;
        rtds_get_stats(sim.pool, &st);
        picks = st.picks;
        ops = st.ops;
    }
    c.ops = (double)ops / (double)picks;
    c.ns = (double)sim.decision_ns / (double)sim.decisions;
    return c;
}

static void scenario_cost(void)
{
    FILE *dat = open_out("cost.dat");
    struct cost credit[13], rtds[13];
    uint32_t i = 0;

    printf("decision cost vs N (4 CPUs, CPU-bound units, 20000 decisions each;\n"
           "  ops = sift steps + queue slots examined per pick, ns = wall clock per\n"
           "  sched_schedule() incl. credit's amortised accounting, this host)\n");
    printf("  %5s %11s %11s %11s %11s %16s\n", "N", "credit ops", "credit ns",
           "rtds ops", "rtds ns", "credit acct ops");
    fprintf(dat, "# N credit_ops credit_ns rtds_ops rtds_ns credit_accounting_ops\n");
    for (uint32_t n = 1; n <= MAX_UNITS; n *= 2, i++) {
        credit[i] = cost_run("credit", n);
        rtds[i] = cost_run("rtds", n);
        printf("  %5u %11.2f %11.0f %11.2f %11.0f %16.0f\n", n, credit[i].ops,
               credit[i].ns, rtds[i].ops, rtds[i].ns, credit[i].acct);
        fprintf(dat, "%u %.3f %.1f %.3f %.1f %.1f\n", n, credit[i].ops, credit[i].ns,
                rtds[i].ops, rtds[i].ns, credit[i].acct);
    }
    fclose(dat);
    /* Deterministic: operations, not time. Logarithmic: every N within
     * 4 log2(N) + 8 operations per pick (a linear scan would need ~N). */
    bool credit_log = true, rtds_log = true;
    for (uint32_t k = 0, n = 1; k < i; k++, n *= 2) {
        double bound = 4.0 * log2((double)n) + 8.0;
        credit_log = credit_log && credit[k].ops <= bound;
        rtds_log = rtds_log && rtds[k].ops <= bound;
    }
    expect(credit_log, "credit ops/pick <= 4 log2(N) + 8 for N = 1 .. 4096");
    expect(rtds_log, "rtds ops/pick <= 4 log2(N) + 8 for N = 1 .. 4096");
    plot("cost",
         "set title 'cost of one scheduling decision vs units (4 CPUs)'\n"
         "set logscale x 2\nset logscale y 10\nset xlabel 'units N'\n"
         "set ylabel 'operations (log scale)'\n"
         "set y2label 'ns per sched_schedule() (this host, not asserted)'\n"
         "set ytics nomirror\nset y2tics\nset key left top\n"
         "plot 'cost.dat' using 1:2 with linespoints lw 2 title 'credit ops/pick', "
         "'' using 1:4 with linespoints lw 2 title 'rtds ops/pick', "
         "'' using 1:6 with linespoints lw 1 title 'credit ops/accounting period (O(N), every 30 ms)', "
         "'' using 1:3 axes x1y2 with lines dt 2 title 'credit ns', "
         "'' using 1:5 axes x1y2 with lines dt 2 title 'rtds ns'\n");
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "all";

    if (argc > 2)
        out_dir = argv[2];
    if (!strcmp(what, "fairness") || !strcmp(what, "all"))
        scenario_fairness();
    if (!strcmp(what, "mixed") || !strcmp(what, "all"))
        scenario_mixed();
    if (!strcmp(what, "rtds") || !strcmp(what, "all"))
        scenario_rtds();
    if (!strcmp(what, "cost") || !strcmp(what, "all"))
        scenario_cost();
    printf("sched_sim %s: %s\n", what, failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
