/* SPDX-License-Identifier: MIT */
/* domains.h - dom0less start-up: one PV domain per boot module, run to their end. */
#ifndef STRATA_BOOT_DOMAINS_H
#define STRATA_BOOT_DOMAINS_H

/*
 * The boot config (docs/boot.md, "Boot config") is decoded by
 * boot_config.c; this file creates, builds and starts the domains:
 * domain_create with the limits the options give, pv_build from the
 * module's bytes (read through the direct map; the module frames stay
 * reserved until every domain is built, then go to the allocator),
 * guests_add_domain and vCPU 0 at the image's entry. A domain that cannot
 * be made prints one line, "strata: d<id> (<name>): <what is wrong>",
 * leaves nothing allocated and the others still start.
 */
#include "lib/compiler.h"
#include "arch/x86/boot_info.h"

/* Start the domains of bi's modules and run them (never returns): the
 * run ends when every domain has ended, with the pass code if all of
 * them powered off and every requested domain was created, else the
 * fail code. With no modules: "no guests to start" and the pass code. */
NORETURN void domains_boot(const struct boot_info *bi);

#endif /* STRATA_BOOT_DOMAINS_H */
