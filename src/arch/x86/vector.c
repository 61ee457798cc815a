/* SPDX-License-Identifier: MIT */
/* vector.c - the IDT vector allocator: one owner per vector, handler set with it. */
#include "arch/x86/vector.h"
#include "arch/x86/ipi.h"
#include "lib/string.h"

#define NR_VECTORS      256
#define FIRST_EXTERNAL  32

static const char *owners[NR_VECTORS];
static spinlock_t vector_lock = SPINLOCK_INIT;
static volatile uint64_t pic_spurious;

static bool same_owner(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && str_compare(a, b) == 0);
}

status_t vector_claim(unsigned int v, const char *owner, irq_handler_fn handler)
{
    status_t rc = STATUS_OK;

    if (v < FIRST_EXTERNAL || v >= NR_VECTORS || owner == NULL)
        return STATUS_EINVAL;
    spin_lock(&vector_lock);
    if (owners[v] != NULL && !same_owner(owners[v], owner)) {
        rc = STATUS_EBUSY;
    } else {
        owners[v] = owner;
        trap_set_irq_handler(v, handler);
    }
    spin_unlock(&vector_lock);
    return rc;
}

status_t vector_alloc(const char *owner, irq_handler_fn handler, unsigned int *v)
{
    status_t rc = STATUS_ENOSPC;

    if (owner == NULL || handler == NULL)
        return STATUS_EINVAL;
    spin_lock(&vector_lock);
    for (unsigned int i = VEC_DYNAMIC_FIRST; i <= VEC_DYNAMIC_LAST; i++) {
        if (owners[i] == NULL) {
            owners[i] = owner;
            trap_set_irq_handler(i, handler);
            *v = i;
            rc = STATUS_OK;
            break;
        }
    }
    spin_unlock(&vector_lock);
    return rc;
}

status_t vector_free(unsigned int v, const char *owner)
{
    status_t rc = STATUS_OK;

    if (v < FIRST_EXTERNAL || v >= NR_VECTORS)
        return STATUS_EINVAL;
    spin_lock(&vector_lock);
    if (owners[v] == NULL) {
        rc = STATUS_EINVAL;
    } else if (!same_owner(owners[v], owner)) {
        rc = STATUS_EPERM;
    } else {
        trap_set_irq_handler(v, NULL);
        owners[v] = NULL;
    }
    spin_unlock(&vector_lock);
    return rc;
}

const char *vector_owner(unsigned int v)
{
    return v < NR_VECTORS ? owners[v] : NULL;
}

unsigned int vector_count(void)
{
    unsigned int n = 0;

    for (unsigned int v = 0; v < NR_VECTORS; v++)
        n += owners[v] != NULL;
    return n;
}

/* The 8259s are remapped to 0x20-0x2f and masked, but a masked 8259 can
 * still raise IRQ 7 or 15 as a spurious interrupt: log it, no EOI. */
static void pic_stray(struct cpu_regs *regs)
{
    uint64_t n = __atomic_add_fetch(&pic_spurious, 1, __ATOMIC_RELAXED);

    if (n <= IPI_LOG_MAX)
        ipi_log_unlocked("CPU %u: stray 8259 interrupt (vector %#lx), ignored\n",
                         arch_cpu_id(), regs->vector);
}

void vector_reserve_legacy(void)
{
    for (unsigned int v = VEC_PIC_FIRST; v <= VEC_PIC_LAST; v++)
        (void)vector_claim(v, "8259", pic_stray);
}

