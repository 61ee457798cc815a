/* SPDX-License-Identifier: MIT */
/* bench_mm.c - cost of P2M lookup and frame get/put as the guest grows (1 GiB .. 1 TiB). */
#include "arch/host/host.h"
#include "mm/frame.h"
#include "mm/page_alloc.h"
#include "mm/p2m.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_START_INSTRUMENTATION do { } while (0)
#define CALLGRIND_STOP_INSTRUMENTATION do { } while (0)
#endif

/*
 * A guest of each size is populated sparsely: SAMPLES gfns spread evenly
 * over its whole range (with jitter), so the radix tree has the depth and
 * spread of a real guest of that size without allocating it. Lookups and
 * frame get/put then run over those gfns in a pseudo-random order.
 * Usage: bench_mm [ops] [size-index op] - with the last two, run only
 * that phase between callgrind start/stop (for instructions per op).
 */
#define MACHINE_FRAMES 32768
#define SAMPLES        4096

static const struct { const char *name; gfn_t gfns; } sizes[] = {
    { "1 GiB",  1ULL << 18 },
    { "64 GiB", 1ULL << 24 },
    { "1 TiB",  1ULL << 28 },
};

static struct mm_domain dom;
static gfn_t sample_gfn[SAMPLES];
static mfn_t sample_mfn[SAMPLES];
static void *table_storage;
static volatile uint64_t sink;

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void setup(gfn_t gfns)
{
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    mfn_t block;

    host_memory_init(MACHINE_FRAMES);
    free(table_storage);
    table_storage = calloc(1, frame_table_bytes(MACHINE_FRAMES));
    if (!table_storage || frame_table_init(table_storage, MACHINE_FRAMES) != STATUS_OK)
        abort();
    page_alloc_init();
    if (page_alloc_add_range(1, MACHINE_FRAMES - 1) != STATUS_OK ||
        mm_domain_init(&dom, 1, SAMPLES, gfns) != STATUS_OK ||
        page_alloc_domain_frames(&dom.account, 12, &block) != STATUS_OK)
        abort();
    for (unsigned i = 0; i < SAMPLES; i++) {
        gfn_t stride = gfns / SAMPLES;
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        sample_gfn[i] = i * stride + seed % stride;
        sample_mfn[i] = block + i;
        if (p2m_set(&dom, sample_gfn[i], sample_mfn[i], P2M_RAM_RW) != STATUS_OK)
            abort();
    }
}

static void run_lookups(uint64_t ops)
{
    uint64_t acc = 0;

    for (uint64_t i = 0; i < ops; i++) {
        mfn_t mfn;
        enum p2m_type type;
        (void)p2m_get(&dom, sample_gfn[(i * 2654435761ULL) % SAMPLES], &mfn, &type);
        acc += mfn;
    }
    sink = acc;
}

static void run_get_put(uint64_t ops)
{
    for (uint64_t i = 0; i < ops; i++) {
        mfn_t mfn = sample_mfn[(i * 2654435761ULL) % SAMPLES];
        if (frame_get(mfn, 1) != STATUS_OK || frame_put(mfn) != STATUS_OK)
            abort();
    }
}

static double time_per_op(void (*run)(uint64_t), uint64_t ops)
{
    uint64_t start = now_ns();

    run(ops);
    return (double)(now_ns() - start) / (double)ops;
}

int main(int argc, char **argv)
{
    uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000000;

    if (argc > 3) {                     /* one phase, for callgrind */
        setup(sizes[atoi(argv[2])].gfns);
        void (*run)(uint64_t) = strcmp(argv[3], "lookup") == 0 ? run_lookups : run_get_put;
        CALLGRIND_START_INSTRUMENTATION;
        run(ops);
        CALLGRIND_STOP_INSTRUMENTATION;
        return 0;
    }
    printf("%-8s %10s %8s %14s %16s\n", "guest", "gfns", "nodes",
           "p2m_get ns/op", "get+put ns/op");
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        setup(sizes[s].gfns);
        run_lookups(ops / 10);          /* warm up */
        double lookup = time_per_op(run_lookups, ops);
        double getput = time_per_op(run_get_put, ops);
        printf("%-8s %10llu %8llu %14.1f %16.1f\n", sizes[s].name,
               (unsigned long long)sizes[s].gfns,
               (unsigned long long)dom.p2m.nodes, lookup, getput);
        p2m_destroy(&dom);
    }
    return 0;
}
