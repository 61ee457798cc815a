/* SPDX-License-Identifier: MIT */
/* fuzz_hypercall.c - libFuzzer harness: arbitrary hypercalls, arguments and
 * guest memory through the dispatch entry, invariants re-checked after each. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/core/support/fake_mm.h"
#include "core/evtchn.h"
#include "core/gnttab.h"
#include "hypercall/hypercall.h"

/*
 * The input is a little program. Each step starts with an opcode byte:
 *   0 write guest memory: domain, 16-bit offset, length, bytes
 *   1 write a grant entry: domain, ref, flags, domid, frame
 *   2 hypercall: domain, vCPU, number, six arguments (an argument whose
 *     top byte is 0xFE becomes an address inside the guest's memory)
 *   3 destroy and re-create a domain
 *   4 toggle fault injection in the fake mm
 * After every step the event-channel and grant-table invariants of spec/
 * must hold; a violation aborts (a finding). Three domains live: 0
 * (privileged PV), 1 (PV), 2 (HVM).
 */
#define FUZZ_DOMAINS       3
#define FUZZ_MAX_RESTARTS  2000

struct input {
    const uint8_t *p;
    size_t left;
};

static uint64_t take(struct input *in, size_t n)
{
    uint64_t v = 0;

    for (size_t i = 0; i < n && in->left; i++, in->left--)
        v |= (uint64_t)*in->p++ << (8 * i);
    return v;
}

static struct domain *domains[FUZZ_DOMAINS];
static mfn_t tables[FUZZ_DOMAINS];

static void create(domid_t id)
{
    domains[id] = fake_domain(id, id == 2, id == 0, 2);
    if (domains[id] && gnttab_setup_table(domains[id], 1, &tables[id]) != GNTST_okay)
        abort();
}

/* The live domain id, re-created once a destroyed one is finally freed;
 * NULL while it is dying (other domains still map its grants). */
static struct domain *live(uint64_t pick)
{
    domid_t id = (domid_t)(pick % FUZZ_DOMAINS);
    struct domain *d;

    if (domains[id])
        return domains[id];
    d = domain_get_even_dying(id);
    if (d) {
        domain_put(d);
        return NULL;
    }
    create(id);
    return domains[id];
}

static void world_init(void)
{
    fake_mm_init();
    hypercall_reset_registrations();
    for (domid_t id = 0; id < FUZZ_DOMAINS; id++)
        create(id);
}

static uint64_t fuzz_arg(struct input *in)
{
    uint64_t v = take(in, 8);

    if ((v >> 56) == 0xFE)
        return v % ((uint64_t)FAKE_FRAMES_PER_DOMAIN * PAGE_SIZE);
    return v;
}

static void step_memory(struct input *in)
{
    struct domain *d = live(take(in, 1));
    uint64_t off = take(in, 2) % ((uint64_t)FAKE_FRAMES_PER_DOMAIN * PAGE_SIZE - 64);
    size_t len = take(in, 1) % 64;

    if (!d)
        return;
    for (size_t i = 0; i < len; i++)
        *((uint8_t *)fake_guest_ptr(d->id, off + i)) = (uint8_t)take(in, 1);
}

static void step_grant_entry(struct input *in)
{
    domid_t id = (domid_t)(take(in, 1) % FUZZ_DOMAINS);
    struct grant_entry_v1 *e;
    unsigned int ref = take(in, 2) % GNTTAB_ENTRIES_PER_FRAME;

    if (!live(id))
        return;
    e = arch_frame_to_virt(tables[id]);
    e[ref].flags = (uint16_t)take(in, 2);
    e[ref].domid = (domid_t)(take(in, 1) % 4);
    e[ref].frame = (uint32_t)take(in, 1);
}

static void step_hypercall(struct input *in)
{
    struct domain *d = live(take(in, 1));
    uint64_t vcpu = take(in, 1);
    struct hypercall_frame f = { .op = take(in, 1) };
    unsigned int restarts = 0;
    struct vcpu *v;

    if (!d)
        return;
    v = &d->vcpus[vcpu % d->nr_vcpus];
    if (f.op & 0x80)
        f.op = take(in, 8);          /* sometimes a wild number */
    for (int i = 0; i < HYPERCALL_NR_ARGS; i++)
        f.args[i] = fuzz_arg(in);
    do {
        (void)hypercall_dispatch(v, &f);
    } while (f.preempted && ++restarts < FUZZ_MAX_RESTARTS);
}

static void step_recreate(struct input *in)
{
    domid_t id = (domid_t)(take(in, 1) % FUZZ_DOMAINS);
    struct domain *d = live(id);

    if (!d)
        return;
    if (domain_destroy(d) != STATUS_OK)
        abort();
    domains[id] = NULL;   /* live() re-creates it once it is freed */
}

static void check_invariants(void)
{
    if (!evtchn_invariants_hold() || !gnttab_invariants_hold())
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };

    world_init();
    while (in.left) {
        switch (take(&in, 1) % 5) {
        case 0: step_memory(&in); break;
        case 1: step_grant_entry(&in); break;
        case 2: step_hypercall(&in); break;
        case 3: step_recreate(&in); break;
        default:
            fake_mm.fail_p2m_map = !fake_mm.fail_p2m_map;
            fake_mm.fail_pv_map = (take(&in, 1) & 1) != 0;
            break;
        }
        check_invariants();
    }
    return 0;
}
