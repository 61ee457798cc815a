/* SPDX-License-Identifier: MIT */
/* hvm_test.c - shared set-up of the HVM builder tests: machine, HVM domain, guest reads. */
#include "hvm_test.h"
#include "unit.h"
#include "../mm/mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mm_port.h"
#include "mm/p2m.h"

struct domain *hvm_dom;
uint64_t hvm_free_before;
char hvm_err[200];

void hvm_test_setup(uint64_t machine_frames, uint64_t max_pages, uint32_t max_vcpus,
                    uint64_t gfn_limit)
{
    struct domain_config cfg = {
        .limits = { .max_pages = max_pages, .max_vcpus = max_vcpus, .max_evtchn_ports = 64,
                    .max_grant_frames = 1 },
        .nr_vcpus = max_vcpus,
        .hvm = true,
        .gfn_limit = gfn_limit,
    };
    mfn_t shared;

    mm_test_machine(machine_frames, 1);
    domain_table_reset();
    mm_port_use_mm();
    CHECK_EQ(page_alloc_frames(0, &shared), STATUS_OK);
    cfg.shared_info = arch_frame_to_virt(shared);
    CHECK_EQ(domain_create(1, &cfg, &hvm_dom), STATUS_OK);
    hvm_free_before = page_alloc_free_count();
    memset(hvm_err, 0, sizeof(hvm_err));
}

status_t hvm_test_build(const struct hvm_build_request *rq, struct hvm_build_result *res)
{
    status_t rc;

    memset(res, 0, sizeof(*res));
    rc = hvm_build(hvm_dom, rq, res, hvm_err, sizeof(hvm_err));
    if (rc != STATUS_OK && getenv("HVM_BUILD_VERBOSE") != NULL)
        fprintf(stderr, "hvm_build: %s\n", hvm_err);
    return rc;
}

uint8_t *hvm_test_gpa(uint64_t gpa)
{
    enum p2m_type type;
    mfn_t mfn;

    if (p2m_get(&hvm_dom->mm, gpa >> 12, &mfn, &type) != STATUS_OK || type != P2M_RAM_RW) {
        fprintf(stderr, "gpa %#llx is not RAM\n", (unsigned long long)gpa);
        abort();
    }
    return (uint8_t *)arch_frame_to_virt(mfn) + (gpa & 4095);
}

uint64_t hvm_test_translate(uint64_t cr3, uint64_t va)
{
    uint64_t table = cr3 & ~0xfffULL;

    for (int level = 4; level >= 1; level--) {
        unsigned int shift = 12 + 9 * (level - 1);
        uint64_t e;

        memcpy(&e, hvm_test_gpa(table + ((va >> shift) & 511) * 8), 8);
        if ((e & 3) != 3)
            return ~0ULL;
        if (level == 1 || (level <= 3 && (e & 0x80))) {
            uint64_t size = 1ULL << shift;
            return (e & 0x000ffffffffff000ULL & ~(size - 1)) | (va & (size - 1));
        }
        table = e & 0x000ffffffffff000ULL;
    }
    return ~0ULL;
}
