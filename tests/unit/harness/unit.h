/* SPDX-License-Identifier: MIT */
/* unit.h - the host unit-test harness: registration, checks, one summary line. */
#ifndef STRATA_UNIT_H
#define STRATA_UNIT_H

#include <stdbool.h>
#include <stdint.h>

typedef void (*unit_fn)(void);

/* Registers a test; called by UNIT_TEST's constructor before main(). */
void unit_register(const char *name, unit_fn fn);

/* Records a failed check in the running test; never returns early. */
void unit_fail(const char *file, int line, const char *what);

/* Seed for randomized tests: STRATA_SEED from the environment, else fixed. */
uint64_t unit_seed(void);

/* A small deterministic PRNG (xorshift64*) for randomized sequences. */
uint64_t unit_random(uint64_t *state);

#define UNIT_TEST(name)                                                   \
    static void unit_test_##name(void);                                   \
    __attribute__((constructor)) static void unit_reg_##name(void)        \
    {                                                                     \
        unit_register(#name, unit_test_##name);                           \
    }                                                                     \
    static void unit_test_##name(void)

#define CHECK(cond)                                                       \
    do {                                                                  \
        if (!(cond))                                                      \
            unit_fail(__FILE__, __LINE__, #cond);                         \
    } while (0)

#define CHECK_EQ(a, b)                                                    \
    do {                                                                  \
        long long unit_a_ = (long long)(a), unit_b_ = (long long)(b);     \
        if (unit_a_ != unit_b_)                                           \
            unit_fail_values(__FILE__, __LINE__, #a " == " #b,            \
                             unit_a_, unit_b_);                           \
    } while (0)

void unit_fail_values(const char *file, int line, const char *what,
                      long long got, long long want);

#endif /* STRATA_UNIT_H */
