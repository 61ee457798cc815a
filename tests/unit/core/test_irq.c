/* SPDX-License-Identifier: MIT */
/* test_irq.c - physical lines: ownership, pirq mapping and binding, delivery, EOI, hostile calls. */
#include "unit.h"
#include "arch/host/host.h"

#include "core/irq.h"

#define D1      1
#define D2      2
#define LINE    4
#define PIRQ    9
#define PORT    7

static void setup(void)
{
    irq_init();
    host_irq_reset();
}

/* D1 owns LINE as PIRQ bound to PORT. */
static void give_and_bind(bool level)
{
    CHECK_EQ(irq_assign(LINE, D1, level), STATUS_OK);
    CHECK_EQ(irq_map_pirq(D1, LINE, PIRQ), STATUS_OK);
    CHECK_EQ(irq_bind_pirq(D1, PIRQ, PORT), STATUS_OK);
}

/* Every call leaves the interrupt flag as it found it. */
static void check_flag_restored(void)
{
    CHECK(!host_irq.disabled);
    CHECK(host_irq.saves > 0);
}

UNIT_TEST(init_leaves_every_line_to_the_hypervisor)
{
    setup();
    for (uint32_t i = 0; i < IRQ_LINES; i++) {
        CHECK_EQ(irq_lines[i].owner, IRQ_NO_OWNER);
        CHECK(!irq_lines[i].mapped && !irq_lines[i].bound && !irq_lines[i].inflight);
        CHECK_EQ(irq_arrivals(i), 0);
    }
    CHECK_EQ(irq_arrivals(IRQ_LINES), 0);
}

UNIT_TEST(edge_line_delivers_every_arrival_without_masking)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    give_and_bind(false);
    CHECK(!host_irq.masked[LINE]);              /* binding unmasked it */
    for (int n = 0; n < 3; n++) {
        CHECK_EQ(irq_arrived(LINE, &t), IRQ_DELIVER);
        CHECK_EQ(t.domid, D1);
        CHECK_EQ(t.pirq, PIRQ);
        CHECK_EQ(t.port, PORT);
        CHECK(!host_irq.masked[LINE]);
    }
    CHECK_EQ(irq_arrivals(LINE), 3);
    CHECK_EQ(irq_guest_eoi(D1, PIRQ), STATUS_OK);   /* nothing in flight */
    CHECK(!host_irq.masked[LINE]);
    check_flag_restored();
}

UNIT_TEST(level_line_masked_until_the_owner_eoi)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    give_and_bind(true);
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_DELIVER);
    CHECK(irq_lines[LINE].inflight);
    CHECK(host_irq.masked[LINE]);
    /* Fired again while in flight (a bogus chip): not delivered twice. */
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_STRAY);
    CHECK(host_irq.masked[LINE]);
    /* Only the owner's EOI unmasks it. */
    CHECK_EQ(irq_guest_eoi(D2, PIRQ), STATUS_EINVAL);
    CHECK(host_irq.masked[LINE]);
    CHECK_EQ(irq_guest_eoi(D1, PIRQ), STATUS_OK);
    CHECK(!irq_lines[LINE].inflight);
    CHECK(!host_irq.masked[LINE]);
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_DELIVER);
    CHECK_EQ(irq_arrivals(LINE), 3);
    check_flag_restored();
}

UNIT_TEST(unbound_line_is_a_stray_and_masked)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_STRAY);
    CHECK(host_irq.masked[LINE]);
    CHECK_EQ(irq_assign(LINE, D1, false), STATUS_OK);
    CHECK_EQ(irq_map_pirq(D1, LINE, PIRQ), STATUS_OK);
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_STRAY);      /* mapped, not bound */
    CHECK_EQ(irq_arrivals(LINE), 2);
    CHECK_EQ(irq_arrived(IRQ_LINES, &t), IRQ_BAD_LINE);
}

UNIT_TEST(out_of_range_lines_and_pirqs_are_refused)
{
    setup();
    CHECK_EQ(irq_assign(IRQ_LINES, D1, false), STATUS_EINVAL);
    CHECK_EQ(irq_assign(UINT32_MAX, D1, false), STATUS_EINVAL);
    CHECK_EQ(irq_assign(LINE, IRQ_NO_OWNER, false), STATUS_EINVAL);
    CHECK_EQ(irq_release(IRQ_LINES), STATUS_EINVAL);
    CHECK_EQ(irq_assign(LINE, D1, false), STATUS_OK);
    CHECK_EQ(irq_map_pirq(D1, IRQ_LINES, PIRQ), STATUS_EINVAL);
    CHECK_EQ(irq_map_pirq(D1, LINE, IRQ_PIRQS), STATUS_EINVAL);
    CHECK_EQ(irq_map_pirq(IRQ_NO_OWNER, LINE, PIRQ), STATUS_EINVAL);
    CHECK_EQ(irq_bind_pirq(D1, IRQ_PIRQS, PORT), STATUS_EINVAL);
    CHECK_EQ(irq_unbind_pirq(D1, UINT32_MAX), STATUS_EINVAL);
    CHECK_EQ(irq_guest_eoi(D1, UINT32_MAX), STATUS_EINVAL);
    CHECK_EQ(irq_unmap_pirq(D1, UINT32_MAX), STATUS_EINVAL);
    CHECK(!irq_lines[LINE].mapped);
}

UNIT_TEST(another_domains_line_cannot_be_taken_mapped_or_bound)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    give_and_bind(false);
    /* D2 cannot be given it, map it, or name D1's pirq. */
    CHECK_EQ(irq_assign(LINE, D2, false), STATUS_EBUSY);
    CHECK_EQ(irq_map_pirq(D2, LINE, PIRQ), STATUS_EPERM);
    CHECK_EQ(irq_bind_pirq(D2, PIRQ, PORT), STATUS_EINVAL);
    CHECK_EQ(irq_unbind_pirq(D2, PIRQ), STATUS_EINVAL);
    CHECK_EQ(irq_unmap_pirq(D2, PIRQ), STATUS_EINVAL);
    /* A line nobody was given is the hypervisor's: no domain maps it. */
    CHECK_EQ(irq_map_pirq(D2, LINE + 1, PIRQ), STATUS_EPERM);
    /* D1's binding is untouched. */
    CHECK_EQ(irq_lines[LINE].owner, D1);
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_DELIVER);
    CHECK_EQ(t.domid, D1);
    CHECK_EQ(t.port, PORT);
}

UNIT_TEST(pirqs_and_bindings_are_unique)
{
    setup();
    give_and_bind(false);
    CHECK_EQ(irq_map_pirq(D1, LINE, PIRQ + 1), STATUS_EEXIST);   /* line mapped */
    CHECK_EQ(irq_assign(LINE + 1, D1, false), STATUS_OK);
    CHECK_EQ(irq_map_pirq(D1, LINE + 1, PIRQ), STATUS_EEXIST);   /* pirq used */
    CHECK_EQ(irq_bind_pirq(D1, PIRQ, PORT + 1), STATUS_EBUSY);
    /* Another domain may use the same pirq number for its own line. */
    CHECK_EQ(irq_assign(LINE + 2, D2, false), STATUS_OK);
    CHECK_EQ(irq_map_pirq(D2, LINE + 2, PIRQ), STATUS_OK);
    /* Giving a line again to its owner keeps its mapping. */
    CHECK_EQ(irq_assign(LINE, D1, true), STATUS_OK);
    CHECK(irq_lines[LINE].mapped && irq_lines[LINE].level);
}

UNIT_TEST(unbind_and_unmap_in_order)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    give_and_bind(true);
    CHECK_EQ(irq_unmap_pirq(D1, PIRQ), STATUS_EBUSY);       /* still bound */
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_DELIVER);
    CHECK(host_irq.masked[LINE]);
    /* Unbinding a line in flight ends the flight; it stays masked. */
    CHECK_EQ(irq_unbind_pirq(D1, PIRQ), STATUS_OK);
    CHECK(!irq_lines[LINE].inflight && !irq_lines[LINE].bound);
    CHECK(host_irq.masked[LINE]);
    CHECK_EQ(irq_unbind_pirq(D1, PIRQ), STATUS_EINVAL);     /* not bound */
    CHECK_EQ(irq_unmap_pirq(D1, PIRQ), STATUS_OK);
    CHECK_EQ(irq_unmap_pirq(D1, PIRQ), STATUS_EINVAL);
    CHECK_EQ(irq_bind_pirq(D1, PIRQ, PORT), STATUS_EINVAL);  /* unmapped */
    /* The pirq number is free again. */
    CHECK_EQ(irq_map_pirq(D1, LINE, PIRQ), STATUS_OK);
}

UNIT_TEST(release_and_teardown_return_lines_masked)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    give_and_bind(false);
    CHECK_EQ(irq_assign(LINE + 1, D1, false), STATUS_OK);
    CHECK_EQ(irq_assign(LINE + 2, D2, false), STATUS_OK);
    irq_domain_teardown(D1);
    CHECK_EQ(irq_lines[LINE].owner, IRQ_NO_OWNER);
    CHECK_EQ(irq_lines[LINE + 1].owner, IRQ_NO_OWNER);
    CHECK(!irq_lines[LINE].mapped && !irq_lines[LINE].bound);
    CHECK(host_irq.masked[LINE] && host_irq.masked[LINE + 1]);
    CHECK_EQ(irq_lines[LINE + 2].owner, D2);
    CHECK(!host_irq.masked[LINE + 2]);
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_STRAY);
    /* Now another domain may be given it. */
    CHECK_EQ(irq_assign(LINE, D2, false), STATUS_OK);
    CHECK_EQ(irq_release(LINE), STATUS_OK);
    CHECK_EQ(irq_lines[LINE].owner, IRQ_NO_OWNER);
    irq_domain_teardown(IRQ_NO_OWNER);                     /* a no-op */
    CHECK_EQ(irq_lines[LINE + 2].owner, D2);
    check_flag_restored();
}

UNIT_TEST(interrupt_flag_kept_off_by_a_caller)
{
    setup();
    /* Called with interrupts already off (interrupt context): still off. */
    (void)arch_irq_save();
    CHECK_EQ(irq_assign(LINE, D1, false), STATUS_OK);
    CHECK(host_irq.disabled);
    arch_irq_restore(true);
    CHECK(!host_irq.disabled);
}

UNIT_TEST(assign_keeps_the_mode_of_a_line_in_flight)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    give_and_bind(true);
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_DELIVER);
    CHECK_EQ(irq_assign(LINE, D1, false), STATUS_OK);
    CHECK(irq_lines[LINE].level);          /* the EOI still has to come */
    CHECK_EQ(irq_guest_eoi(D1, PIRQ), STATUS_OK);
    CHECK_EQ(irq_assign(LINE, D1, false), STATUS_OK);
    CHECK(!irq_lines[LINE].level);
}

UNIT_TEST(arrival_count_saturates)
{
    struct irq_target t = { 0, 0, 0 };

    setup();
    irq_lines[LINE].arrivals = UINT64_MAX;
    CHECK_EQ(irq_arrived(LINE, &t), IRQ_STRAY);
    CHECK(irq_arrivals(LINE) == UINT64_MAX);
}
