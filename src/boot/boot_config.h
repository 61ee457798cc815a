/* SPDX-License-Identifier: MIT */
/* boot_config.h - the boot config of dom0less domains: module command lines and sched=. */
#ifndef STRATA_BOOT_BOOT_CONFIG_H
#define STRATA_BOOT_BOOT_CONFIG_H

/*
 * Every Multiboot module is one domain unless it is a ramdisk. Its
 * command line (docs/boot.md, "Boot config"):
 *
 *   <file> [type=pv|hvm] [name=<str>] [mem=<N>[K|M|G]] [vcpus=<n>] [weight=<n>]
 *          [cap=<pct>] [budget=<us>] [period=<us>] [-- <guest command line>]
 *   <file> ramdisk                      (the initrd of the domain before it)
 *
 * Pure functions over strings (only L0 below them), so they are tested
 * on the host (tests/unit/boot_config). Nothing here allocates or
 * creates anything; domains.c acts on the result.
 */
#include "lib/compiler.h"
#include "lib/status.h"

#define BOOT_CFG_NAME_MAX        32                 /* with the NUL */
#define BOOT_CFG_DEFAULT_MEM     (16ULL << 20)
#define BOOT_CFG_MIN_MEM         (4ULL << 20)       /* the smallest bootstrap region */
#define BOOT_CFG_MAX_MEM         (2ULL << 30)       /* the PV builder's limit */
#define BOOT_CFG_MAX_VCPUS       32U                /* XEN_LEGACY_MAX_VCPUS */
#define BOOT_CFG_MAX_WEIGHT      65535U             /* credit */
#define BOOT_CFG_MAX_CAP         100U               /* % of one CPU */
#define BOOT_CFG_MAX_PERIOD_US   1000000000ULL      /* RTDS: 1000 s */
#define BOOT_CFG_DEFAULT_BUDGET_US 4000ULL          /* RTDS defaults, as Xen */
#define BOOT_CFG_DEFAULT_PERIOD_US 10000ULL

/* One module's command line, decoded. */
struct boot_domain_spec {
    bool ramdisk;                    /* the initrd of the preceding domain */
    bool hvm;                        /* type=hvm: a bzImage run under SVM/VMX */
    char name[BOOT_CFG_NAME_MAX];    /* name= or the file's base name */
    uint64_t mem_bytes;              /* a multiple of 4 KiB */
    uint32_t vcpus;
    uint32_t weight;                 /* 0: the policy's default */
    uint32_t cap;                    /* 0: none */
    uint64_t budget_us;              /* 0 (with period 0): RTDS defaults */
    uint64_t period_us;
    const char *guest_cmdline;       /* after "--" in the line, or "" */
};

/* Decode one module's command line into *out (guest_cmdline points
 * into line). On an error: -EINVAL, err holds one line saying what is
 * wrong (no "strata:" prefix) and out->name the name so far (name=
 * if it came before the error, else the file's base name). */
status_t boot_config_parse_module(const char *line, struct boot_domain_spec *out,
                                  char *err, size_t errlen);

/* The scheduling policy Strata's own command line asks for with
 * sched=credit|rtds ("credit" without the option): -EINVAL with err
 * filled for any other value. */
status_t boot_config_policy(const char *cmdline, const char **policy, char *err,
                            size_t errlen);

#endif /* STRATA_BOOT_BOOT_CONFIG_H */
