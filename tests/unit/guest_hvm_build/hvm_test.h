/* SPDX-License-Identifier: MIT */
/* hvm_test.h - shared set-up of the HVM builder tests: machine, HVM domain, guest reads. */
#ifndef STRATA_TESTS_HVM_TEST_H
#define STRATA_TESTS_HVM_TEST_H

#include "core/domain.h"
#include "guest/hvm/hvm_build.h"

extern struct domain *hvm_dom;
extern uint64_t hvm_free_before;
extern char hvm_err[200];

/* A fresh machine of machine_frames and domain 1: HVM, limits as given
 * (gfn_limit 0: the default 4 GiB). */
void hvm_test_setup(uint64_t machine_frames, uint64_t max_pages, uint32_t max_vcpus,
                    uint64_t gfn_limit);

/* hvm_build on hvm_dom; prints err when HVM_BUILD_VERBOSE is set. */
status_t hvm_test_build(const struct hvm_build_request *rq, struct hvm_build_result *res);

/* Hypervisor pointer to the guest byte at gpa (must be RAM). */
uint8_t *hvm_test_gpa(uint64_t gpa);

/* Translate va through the guest's page tables at cr3 (4-level, 2 MiB
 * or 4 KiB leaves, present and writable all the way), or ~0 if unmapped. */
uint64_t hvm_test_translate(uint64_t cr3, uint64_t va);

#endif
