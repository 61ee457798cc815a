/* SPDX-License-Identifier: MIT */
/* irq.c - physical lines to their owner's pirq and event channel; masking until the EOI. */
#include "core/irq.h"

/* Before irq_init, too, every line is the hypervisor's (owner 0 would
 * be dom0's). */
struct irq_line irq_lines[IRQ_LINES] = { [0 ... IRQ_LINES - 1] = { .owner = IRQ_NO_OWNER } };
spinlock_t irq_lock = SPINLOCK_INIT;

#ifdef STRATA_PROOF
/* What the proofs assume of the arch: locks and the interrupt flag touch
 * only the lock; masking a line touches no C state. */
/*@ requires \valid(lock); assigns *lock; */
void spin_lock(spinlock_t *lock);
/*@ requires \valid(lock); assigns *lock; */
void spin_unlock(spinlock_t *lock);
/*@ requires \valid(lock); assigns *lock; */
void spin_lock_init(spinlock_t *lock);
/*@ assigns \nothing; */
bool arch_irq_save(void);
/*@ assigns \nothing; */
void arch_irq_restore(bool enabled);
/*@ assigns \nothing; */
void arch_irq_line_mask(unsigned int irq);
/*@ assigns \nothing; */
void arch_irq_line_unmask(unsigned int irq);
#endif

/* Interrupts off, then the lock: irq_arrived may interrupt this CPU. */
/*@ assigns irq_lock; */
static bool irq_table_lock(void)
{
    bool enabled = arch_irq_save();

    spin_lock(&irq_lock);
    return enabled;
}

/*@ assigns irq_lock; */
static void irq_table_unlock(bool enabled)
{
    spin_unlock(&irq_lock);
    arch_irq_restore(enabled);
}

/* Line i owned by owner (or nobody), with no pirq yet. */
/*@ requires i < IRQ_LINES;
    assigns irq_lines[i].owner, irq_lines[i].mapped, irq_lines[i].bound,
            irq_lines[i].inflight, irq_lines[i].pirq, irq_lines[i].port;
    ensures IrqLineValid(i) && !irq_lines[i].mapped;
    ensures irq_lines[i].owner == owner; */
static void line_reset(uint32_t i, domid_t owner)
{
    irq_lines[i].owner = owner;
    irq_lines[i].mapped = false;
    irq_lines[i].bound = false;
    irq_lines[i].inflight = false;
    irq_lines[i].pirq = 0;
    irq_lines[i].port = 0;
}

/* The line that is d's pirq, or IRQ_LINES. */
/*@ assigns \nothing;
    ensures range: 0 <= \result <= IRQ_LINES;
    ensures found: \result < IRQ_LINES ==> IrqIsPirq(\result, d, pirq);
    ensures none: \result == IRQ_LINES ==> !IrqHasPirq(d, pirq); */
static uint32_t find_pirq(domid_t d, uint32_t pirq)
{
    /*@ loop invariant range: 0 <= i <= IRQ_LINES;
        loop invariant none: \forall integer k; 0 <= k < i ==> !IrqIsPirq(k, d, pirq);
        loop assigns i;
        loop variant IRQ_LINES - i; */
    for (uint32_t i = 0; i < IRQ_LINES; i++)
        if (irq_lines[i].mapped && irq_lines[i].owner == d && irq_lines[i].pirq == pirq)
            return i;
    return IRQ_LINES;
}

void irq_init(void)
{
    spin_lock_init(&irq_lock);
    /*@ loop invariant range: 0 <= i <= IRQ_LINES;
        loop invariant done: \forall integer k; 0 <= k < i ==>
            IrqLineValid(k) && irq_lines[k].owner == IRQ_NO_OWNER &&
            !irq_lines[k].mapped;
        loop assigns i, irq_lines[0 .. IRQ_LINES - 1];
        loop variant IRQ_LINES - i; */
    for (uint32_t i = 0; i < IRQ_LINES; i++) {
        line_reset(i, IRQ_NO_OWNER);
        irq_lines[i].level = false;
        irq_lines[i].arrivals = 0;
    }
}

status_t irq_assign(uint32_t irq, domid_t owner, bool level)
{
    status_t rc = STATUS_OK;
    bool flags;

    if (irq >= IRQ_LINES || owner == IRQ_NO_OWNER)
        return STATUS_EINVAL;
    flags = irq_table_lock();
    if (irq_lines[irq].owner != IRQ_NO_OWNER && irq_lines[irq].owner != owner) {
        rc = STATUS_EBUSY;
    } else {
        irq_lines[irq].owner = owner;
        /* A line in flight keeps its mode until the EOI unmasks it. */
        if (!irq_lines[irq].inflight)
            irq_lines[irq].level = level;
    }
    irq_table_unlock(flags);
    return rc;
}

status_t irq_release(uint32_t irq)
{
    bool flags;

    if (irq >= IRQ_LINES)
        return STATUS_EINVAL;
    flags = irq_table_lock();
    line_reset(irq, IRQ_NO_OWNER);
    arch_irq_line_mask(irq);
    irq_table_unlock(flags);
    return STATUS_OK;
}

status_t irq_map_pirq(domid_t d, uint32_t irq, uint32_t pirq)
{
    status_t rc = STATUS_OK;
    bool flags;

    if (irq >= IRQ_LINES || pirq >= IRQ_PIRQS || d == IRQ_NO_OWNER)
        return STATUS_EINVAL;
    flags = irq_table_lock();
    if (irq_lines[irq].owner != d) {
        rc = STATUS_EPERM;
    } else if (irq_lines[irq].mapped || find_pirq(d, pirq) != IRQ_LINES) {
        rc = STATUS_EEXIST;
    } else {
        irq_lines[irq].pirq = pirq;
        irq_lines[irq].mapped = true;
    }
    irq_table_unlock(flags);
    return rc;
}

status_t irq_unmap_pirq(domid_t d, uint32_t pirq)
{
    status_t rc = STATUS_EINVAL;
    bool flags = irq_table_lock();
    uint32_t i = find_pirq(d, pirq);

    if (i < IRQ_LINES && irq_lines[i].bound) {
        rc = STATUS_EBUSY;
    } else if (i < IRQ_LINES) {
        irq_lines[i].mapped = false;
        rc = STATUS_OK;
    }
    irq_table_unlock(flags);
    return rc;
}

status_t irq_bind_pirq(domid_t d, uint32_t pirq, evtchn_port_t port)
{
    status_t rc = STATUS_EINVAL;
    bool flags = irq_table_lock();
    uint32_t i = find_pirq(d, pirq);

    if (i < IRQ_LINES && irq_lines[i].bound) {
        rc = STATUS_EBUSY;
    } else if (i < IRQ_LINES) {
        irq_lines[i].port = port;
        irq_lines[i].bound = true;
        /* Bound: the line may fire now (it was masked as a stray). */
        arch_irq_line_unmask(i);
        rc = STATUS_OK;
    }
    irq_table_unlock(flags);
    return rc;
}

status_t irq_unbind_pirq(domid_t d, uint32_t pirq)
{
    status_t rc = STATUS_EINVAL;
    bool flags = irq_table_lock();
    uint32_t i = find_pirq(d, pirq);

    if (i < IRQ_LINES && irq_lines[i].bound) {
        irq_lines[i].bound = false;
        irq_lines[i].inflight = false;
        /* Nobody to deliver to: the line stays masked. */
        arch_irq_line_mask(i);
        rc = STATUS_OK;
    }
    irq_table_unlock(flags);
    return rc;
}

enum irq_action irq_arrived(uint32_t irq, struct irq_target *target)
{
    enum irq_action action = IRQ_STRAY;
    bool flags;

    if (irq >= IRQ_LINES)
        return IRQ_BAD_LINE;
    flags = irq_table_lock();
    if (irq_lines[irq].arrivals < UINT64_MAX)
        irq_lines[irq].arrivals++;
    if (irq_lines[irq].bound && !irq_lines[irq].inflight) {
        target->domid = irq_lines[irq].owner;
        target->pirq = irq_lines[irq].pirq;
        target->port = irq_lines[irq].port;
        /* A level line would fire again at the EOI until the device is
         * served: masked until the owner says it is done. */
        irq_lines[irq].inflight = irq_lines[irq].level;
        action = IRQ_DELIVER;
    }
    /*@ assert same_pirqs: \forall integer i; 0 <= i < IRQ_LINES ==>
          irq_lines[i].mapped == \at(irq_lines[i].mapped, Pre) &&
          irq_lines[i].owner == \at(irq_lines[i].owner, Pre) &&
          irq_lines[i].pirq == \at(irq_lines[i].pirq, Pre); */
    if (action == IRQ_STRAY || irq_lines[irq].level)
        arch_irq_line_mask(irq);
    irq_table_unlock(flags);
    return action;
}

status_t irq_guest_eoi(domid_t d, uint32_t pirq)
{
    status_t rc = STATUS_EINVAL;
    bool flags = irq_table_lock();
    uint32_t i = find_pirq(d, pirq);

    if (i < IRQ_LINES) {
        if (irq_lines[i].inflight) {
            irq_lines[i].inflight = false;
            arch_irq_line_unmask(i);
        }
        rc = STATUS_OK;
    }
    irq_table_unlock(flags);
    return rc;
}

void irq_domain_teardown(domid_t d)
{
    bool flags;

    if (d == IRQ_NO_OWNER)
        return;
    flags = irq_table_lock();
    /*@ loop invariant range: 0 <= i <= IRQ_LINES;
        loop invariant valid: IrqTableValid;
        loop invariant done: \forall integer k; 0 <= k < i ==> irq_lines[k].owner != d;
        loop assigns i, irq_lines[0 .. IRQ_LINES - 1];
        loop variant IRQ_LINES - i; */
    for (uint32_t i = 0; i < IRQ_LINES; i++) {
        if (irq_lines[i].owner == d) {
            line_reset(i, IRQ_NO_OWNER);
            arch_irq_line_mask(i);
        }
    }
    irq_table_unlock(flags);
}

uint64_t irq_arrivals(uint32_t irq)
{
    return irq < IRQ_LINES ? irq_lines[irq].arrivals : 0;
}
