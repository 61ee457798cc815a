/* SPDX-License-Identifier: MIT */
/* irq.h - physical interrupt lines: owner domain, its pirq, the event channel, the guest's EOI. */
#ifndef STRATA_CORE_IRQ_H
#define STRATA_CORE_IRQ_H

/*
 * Every physical line (a GSI on x86) belongs to the hypervisor until it
 * gives it to one domain (irq_assign, from the boot configuration). Only
 * that owner may map the line as one of its pirqs (irq_map_pirq), and a
 * domain can name only its own pirqs, so only the owner can bind the
 * line to one of its event-channel ports (irq_bind_pirq). When the line
 * fires (irq_arrived, interrupt context) the caller is told which port
 * of which domain to raise; a level-triggered line is masked from then
 * until the owner's EOI (irq_guest_eoi: the guest unmasked the port or
 * said PHYSDEVOP_eoi), so it cannot fire again before the guest served
 * it. A line nobody bound is masked (a stray). One lock guards the table;
 * it is taken with interrupts off, because irq_arrived runs in interrupt
 * context on a CPU whose interrupted code may be inside another of these.
 */
#include "arch/arch.h"
#include "lib/status.h"
#include "public/xen.h"
#include "public/event_channel.h"

#define IRQ_LINES       64U             /* physical lines the table covers */
#define IRQ_PIRQS       256U            /* a domain's pirqs: 0 .. IRQ_PIRQS - 1 */
#define IRQ_NO_OWNER    DOMID_INVALID   /* the hypervisor's line */

/* One physical line (state owned by irq.c; exposed for the predicates). */
struct irq_line {
    domid_t owner;          /* IRQ_NO_OWNER or the domain it was given to */
    bool level;             /* level-triggered (masked until the EOI) */
    bool mapped;            /* the owner mapped it as pirq */
    bool bound;             /* ... and bound that pirq to port */
    bool inflight;          /* delivered, masked, waiting for the EOI */
    uint32_t pirq;
    evtchn_port_t port;
    uint64_t arrivals;      /* times it fired (saturating) */
};

/* Where irq_arrived says an arrival goes. */
struct irq_target {
    domid_t domid;
    uint32_t pirq;
    evtchn_port_t port;
};

enum irq_action {
    IRQ_DELIVER,            /* raise target->port of target->domid */
    IRQ_STRAY,              /* nobody bound the line: it is now masked */
    IRQ_BAD_LINE,           /* no such line */
};

extern struct irq_line irq_lines[IRQ_LINES];
extern spinlock_t irq_lock;

/*@ // Line i on its own: a mapped line has an owner and a pirq in range,
    // a bound one is mapped, one in flight is bound and level-triggered.
    predicate IrqLineValid(integer i) =
      (irq_lines[i].mapped ==> irq_lines[i].owner != IRQ_NO_OWNER &&
                               irq_lines[i].pirq < IRQ_PIRQS) &&
      (irq_lines[i].bound ==> irq_lines[i].mapped) &&
      (irq_lines[i].inflight ==> irq_lines[i].bound && irq_lines[i].level);

    // No domain has one pirq on two lines.
    predicate IrqPirqsUnique =
      \forall integer i, j; 0 <= i < IRQ_LINES && 0 <= j < IRQ_LINES && i != j ==>
        irq_lines[i].mapped && irq_lines[j].mapped &&
        irq_lines[i].owner == irq_lines[j].owner ==>
          irq_lines[i].pirq != irq_lines[j].pirq;

    predicate IrqTableValid =
      (\forall integer i; 0 <= i < IRQ_LINES ==> IrqLineValid(i)) && IrqPirqsUnique;

    // Line i is d's pirq p.
    predicate IrqIsPirq(integer i, domid_t d, uint32_t p) =
      irq_lines[i].mapped && irq_lines[i].owner == d && irq_lines[i].pirq == p;

    predicate IrqHasPirq(domid_t d, uint32_t p) =
      \exists integer i; 0 <= i < IRQ_LINES && IrqIsPirq(i, d, p);
*/

/* Every line back to the hypervisor: unowned, unmapped, unbound. */
/*@ assigns irq_lines[0 .. IRQ_LINES - 1], irq_lock;
    ensures valid: IrqTableValid;
    ensures unowned: \forall integer i; 0 <= i < IRQ_LINES ==>
        irq_lines[i].owner == IRQ_NO_OWNER && !irq_lines[i].mapped; */
void irq_init(void);

/* Give line irq to domain owner (the hypervisor's decision, from the boot
 * configuration). EINVAL: no such line or no owner; EBUSY: another domain
 * has it (release it first). Giving it again to its owner only updates
 * the trigger mode. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[irq], irq_lock;
    ensures valid: IrqTableValid;
    behavior bad_args:
      assumes irq >= IRQ_LINES || owner == IRQ_NO_OWNER;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior taken:
      assumes irq < IRQ_LINES && owner != IRQ_NO_OWNER;
      assumes irq_lines[irq].owner != IRQ_NO_OWNER && irq_lines[irq].owner != owner;
      ensures result: \result == STATUS_EBUSY;
      ensures kept: irq_lines[irq].owner == \old(irq_lines[irq].owner);
    behavior given:
      assumes irq < IRQ_LINES && owner != IRQ_NO_OWNER;
      assumes irq_lines[irq].owner == IRQ_NO_OWNER || irq_lines[irq].owner == owner;
      ensures result: \result == STATUS_OK;
      ensures owner: irq_lines[irq].owner == owner;
    complete behaviors;
    disjoint behaviors; */
status_t irq_assign(uint32_t irq, domid_t owner, bool level);

/* Take line irq back: unbound, unmapped, unowned and masked. EINVAL: no
 * such line. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[irq], irq_lock;
    ensures valid: IrqTableValid;
    behavior bad_line:
      assumes irq >= IRQ_LINES;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior released:
      assumes irq < IRQ_LINES;
      ensures result: \result == STATUS_OK;
      ensures free: irq_lines[irq].owner == IRQ_NO_OWNER && !irq_lines[irq].mapped;
    complete behaviors;
    disjoint behaviors; */
status_t irq_release(uint32_t irq);

/* Domain d maps line irq as its pirq. EINVAL: no such line or pirq, or
 * no domain; EPERM: d does not own the line (another domain or the
 * hypervisor does); EEXIST: the line is mapped already, or d uses pirq
 * for another line. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[irq], irq_lock;
    ensures valid: IrqTableValid;
    behavior bad_args:
      assumes irq >= IRQ_LINES || pirq >= IRQ_PIRQS || d == IRQ_NO_OWNER;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior not_owner:
      assumes irq < IRQ_LINES && pirq < IRQ_PIRQS && d != IRQ_NO_OWNER;
      assumes irq_lines[irq].owner != d;
      ensures result: \result == STATUS_EPERM;
      ensures unchanged: irq_lines[irq] == \old(irq_lines[irq]);
    behavior owner:
      assumes irq < IRQ_LINES && pirq < IRQ_PIRQS && d != IRQ_NO_OWNER;
      assumes irq_lines[irq].owner == d;
      ensures result: \result == STATUS_OK || \result == STATUS_EEXIST;
      ensures mapped: \result == STATUS_OK ==> IrqIsPirq(irq, d, pirq);
      ensures unchanged: \result == STATUS_EEXIST ==> irq_lines[irq] == \old(irq_lines[irq]);
    complete behaviors;
    disjoint behaviors; */
status_t irq_map_pirq(domid_t d, uint32_t irq, uint32_t pirq);

/* Domain d forgets its pirq. EINVAL: d has no such pirq; EBUSY: it is
 * still bound to a port. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[0 .. IRQ_LINES - 1], irq_lock;
    ensures valid: IrqTableValid;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL ||
                    \result == STATUS_EBUSY;
    ensures gone: \result == STATUS_OK ==> !IrqHasPirq(d, pirq);
    ensures missing: !\old(IrqHasPirq(d, pirq)) ==> \result == STATUS_EINVAL; */
status_t irq_unmap_pirq(domid_t d, uint32_t pirq);

/* Domain d binds its pirq to its event-channel port. EINVAL: d has no
 * such pirq (a pirq of another domain's line is not d's to name); EBUSY:
 * that pirq is bound already. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[0 .. IRQ_LINES - 1], irq_lock;
    ensures valid: IrqTableValid;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL ||
                    \result == STATUS_EBUSY;
    ensures missing: !\old(IrqHasPirq(d, pirq)) ==> \result == STATUS_EINVAL;
    ensures bound: \result == STATUS_OK ==>
        \exists integer i; 0 <= i < IRQ_LINES && IrqIsPirq(i, d, pirq) &&
            irq_lines[i].bound && irq_lines[i].port == port; */
status_t irq_bind_pirq(domid_t d, uint32_t pirq, evtchn_port_t port);

/* Domain d unbinds its pirq (a line in flight is unmasked). EINVAL: d
 * has no such pirq or it is not bound. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[0 .. IRQ_LINES - 1], irq_lock;
    ensures valid: IrqTableValid;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL;
    ensures missing: !\old(IrqHasPirq(d, pirq)) ==> \result == STATUS_EINVAL; */
status_t irq_unbind_pirq(domid_t d, uint32_t pirq);

/* Line irq fired (interrupt context, before the local EOI). Counts it and
 * says where it goes: IRQ_DELIVER with *target filled (a level line is
 * masked and in flight until the owner's EOI), IRQ_STRAY (nobody bound
 * it, or a level line fired again in flight: it is masked), IRQ_BAD_LINE. */
/*@ requires valid: IrqTableValid;
    requires valid_target: \valid(target);
    requires apart: \separated(target, irq_lines + (0 .. IRQ_LINES - 1), &irq_lock);
    assigns irq_lines[irq], irq_lock, *target;
    ensures valid: IrqTableValid;
    behavior bad_line:
      assumes irq >= IRQ_LINES;
      assigns \nothing;
      ensures result: \result == IRQ_BAD_LINE;
    behavior line:
      assumes irq < IRQ_LINES;
      ensures result: \result == IRQ_DELIVER || \result == IRQ_STRAY;
      ensures deliver: \result == IRQ_DELIVER ==>
          irq_lines[irq].bound && target->domid == irq_lines[irq].owner &&
          target->pirq == irq_lines[irq].pirq && target->port == irq_lines[irq].port;
      ensures level: \result == IRQ_DELIVER && irq_lines[irq].level ==>
          irq_lines[irq].inflight;
      ensures stray: \result == IRQ_STRAY ==> !\old(irq_lines[irq].bound) ||
          \old(irq_lines[irq].inflight);
    complete behaviors;
    disjoint behaviors; */
enum irq_action irq_arrived(uint32_t irq, struct irq_target *target);

/* The owner d is done with its pirq's interrupt (it unmasked the port or
 * sent PHYSDEVOP_eoi): a line in flight is unmasked now. EINVAL: d has no
 * such pirq. */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[0 .. IRQ_LINES - 1], irq_lock;
    ensures valid: IrqTableValid;
    ensures result: \result == STATUS_OK || \result == STATUS_EINVAL;
    ensures missing: !\old(IrqHasPirq(d, pirq)) ==> \result == STATUS_EINVAL;
    ensures done: \result == STATUS_OK ==>
        \forall integer i; 0 <= i < IRQ_LINES && IrqIsPirq(i, d, pirq) ==>
            !irq_lines[i].inflight; */
status_t irq_guest_eoi(domid_t d, uint32_t pirq);

/* Release every line d owns (the domain is being destroyed). */
/*@ requires valid: IrqTableValid;
    assigns irq_lines[0 .. IRQ_LINES - 1], irq_lock;
    ensures valid: IrqTableValid;
    ensures none: d != IRQ_NO_OWNER ==> \forall integer i; 0 <= i < IRQ_LINES ==>
        irq_lines[i].owner != d; */
void irq_domain_teardown(domid_t d);

/* Times line irq fired (0 for no such line). */
/*@ assigns \nothing;
    ensures result: irq >= IRQ_LINES ==> \result == 0; */
uint64_t irq_arrivals(uint32_t irq);

#endif /* STRATA_CORE_IRQ_H */
