/* SPDX-License-Identifier: MIT */
/* unit.c - runs every registered test and prints "N passed, N failed". */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_MAX_TESTS 512

struct unit_case {
    const char *name;
    unit_fn fn;
};

static struct unit_case cases[UNIT_MAX_TESTS];
static unsigned nr_cases;
static unsigned failures_in_current;

void unit_register(const char *name, unit_fn fn)
{
    if (nr_cases == UNIT_MAX_TESTS) {
        fprintf(stderr, "unit: too many tests (max %d)\n", UNIT_MAX_TESTS);
        exit(2);
    }
    cases[nr_cases].name = name;
    cases[nr_cases].fn = fn;
    nr_cases++;
}

void unit_fail(const char *file, int line, const char *what)
{
    failures_in_current++;
    printf("    %s:%d: check failed: %s\n", file, line, what);
}

void unit_fail_values(const char *file, int line, const char *what,
                      long long got, long long want)
{
    failures_in_current++;
    printf("    %s:%d: check failed: %s (got %lld, want %lld)\n",
           file, line, what, got, want);
}

uint64_t unit_seed(void)
{
    const char *env = getenv("STRATA_SEED");
    return env ? strtoull(env, NULL, 0) : 0x5eed5eed5eedULL;
}

uint64_t unit_random(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ULL;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dULL;
}

static int selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned passed = 0, failed = 0;

    for (unsigned i = 0; i < nr_cases; i++) {
        if (!selected(cases[i].name, argc, argv))
            continue;
        failures_in_current = 0;
        cases[i].fn();
        printf("%s %s\n", failures_in_current ? "FAIL" : "ok  ", cases[i].name);
        if (failures_in_current)
            failed++;
        else
            passed++;
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : (passed ? 0 : 1);
}
