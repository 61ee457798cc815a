/* SPDX-License-Identifier: MIT */
/* ioapic.c - IOAPIC redirection entries: route a GSI to a vector and CPU, mask and unmask. */
#include "arch/x86/ioapic.h"
#include "arch/arch.h"
#include "arch/x86/acpi.h"
#include "arch/x86/layout.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "lib/print.h"

#define IOREGSEL        0x00
#define IOWIN           0x10
#define REG_VERSION     0x01
#define REG_REDTBL      0x10            /* two 32-bit registers per pin */
#define VERSION_MAX_PIN_SHIFT 16
#define RTE_ACTIVE_LOW  (1U << 13)
#define RTE_LEVEL       (1U << 15)
#define RTE_MASKED      (1U << 16)
#define RTE_DEST_SHIFT  24              /* in the high register */
#define FIRST_EXTERNAL_VECTOR 32

struct ioapic {
    uintptr_t base;                     /* direct-map address of the MMIO */
    uint32_t gsi_base;
    unsigned int pins;
};

static struct ioapic chips[ACPI_MAX_IOAPICS];
static unsigned int nr_chips;
static bool ready;
static spinlock_t ioapic_lock = SPINLOCK_INIT;

void ioapic_map_mmio(void)
{
    const struct acpi_ioapic *io;
    unsigned int n = acpi_ioapics(&io);

    for (unsigned int i = 0; i < n; i++)
        paging_map_page(DIRECTMAP_BASE + io[i].address, io[i].address, MAP_MMIO);
}

/* The two registers are a window: select, then access (lock held). */
static uint32_t reg_read(const struct ioapic *c, uint32_t reg)
{
    *(volatile uint32_t *)(c->base + IOREGSEL) = reg;
    return *(volatile uint32_t *)(c->base + IOWIN);
}

static void reg_write(const struct ioapic *c, uint32_t reg, uint32_t v)
{
    *(volatile uint32_t *)(c->base + IOREGSEL) = reg;
    *(volatile uint32_t *)(c->base + IOWIN) = v;
}

/* Lock held. */
static void init_locked(void)
{
    const struct acpi_ioapic *io;
    unsigned int n = acpi_ioapics(&io);

    if (ready)
        return;
    for (unsigned int i = 0; i < n; i++) {
        struct ioapic *c = &chips[nr_chips++];

        c->base = DIRECTMAP_BASE + io[i].address;
        c->gsi_base = io[i].gsi_base;
        c->pins = ((reg_read(c, REG_VERSION) >> VERSION_MAX_PIN_SHIFT) & 0xff) + 1;
        for (unsigned int pin = 0; pin < c->pins; pin++)
            reg_write(c, REG_REDTBL + 2 * pin, RTE_MASKED);
        printk("IOAPIC %u at %#x: GSIs %u-%u, all masked\n", io[i].id, io[i].address,
               c->gsi_base, c->gsi_base + c->pins - 1);
    }
    ready = true;
}

static bool lock(void)
{
    bool enabled = arch_irq_save();

    spin_lock(&ioapic_lock);
    init_locked();
    return enabled;
}

static void unlock(bool enabled)
{
    spin_unlock(&ioapic_lock);
    arch_irq_restore(enabled);
}

void ioapic_init(void)
{
    unlock(lock());
}

/* The chip with a pin for gsi (its pin in *pin), or NULL. */
static const struct ioapic *chip_of(uint32_t gsi, unsigned int *pin)
{
    for (unsigned int i = 0; i < nr_chips; i++) {
        if (gsi >= chips[i].gsi_base && gsi - chips[i].gsi_base < chips[i].pins) {
            *pin = gsi - chips[i].gsi_base;
            return &chips[i];
        }
    }
    return NULL;
}

unsigned int ioapic_nr_gsis(void)
{
    unsigned int top = 0;
    bool flags = lock();

    for (unsigned int i = 0; i < nr_chips; i++)
        if (chips[i].gsi_base + chips[i].pins > top)
            top = chips[i].gsi_base + chips[i].pins;
    unlock(flags);
    return top;
}

status_t ioapic_route(uint32_t gsi, unsigned int vector, unsigned int cpu, bool level,
                      bool active_low)
{
    uint32_t low = vector | RTE_MASKED | (level ? RTE_LEVEL : 0) |
                   (active_low ? RTE_ACTIVE_LOW : 0);
    const struct ioapic *c;
    unsigned int pin;
    bool flags;

    if (vector < FIRST_EXTERNAL_VECTOR || vector > 0xff || cpu >= MAX_CPUS ||
        !percpu_of(cpu)->online)
        return STATUS_EINVAL;
    flags = lock();
    c = chip_of(gsi, &pin);
    if (c != NULL) {
        /* Masked while the destination changes, then the whole entry. */
        reg_write(c, REG_REDTBL + 2 * pin, RTE_MASKED);
        reg_write(c, REG_REDTBL + 2 * pin + 1, percpu_of(cpu)->apic_id << RTE_DEST_SHIFT);
        reg_write(c, REG_REDTBL + 2 * pin, low);
    }
    unlock(flags);
    return c != NULL ? STATUS_OK : STATUS_EINVAL;
}

status_t ioapic_set_masked(uint32_t gsi, bool masked)
{
    const struct ioapic *c;
    unsigned int pin;
    bool flags = lock();

    c = chip_of(gsi, &pin);
    if (c != NULL) {
        uint32_t low = reg_read(c, REG_REDTBL + 2 * pin);

        reg_write(c, REG_REDTBL + 2 * pin, masked ? low | RTE_MASKED : low & ~RTE_MASKED);
    }
    unlock(flags);
    return c != NULL ? STATUS_OK : STATUS_EINVAL;
}

bool ioapic_is_masked(uint32_t gsi)
{
    const struct ioapic *c;
    unsigned int pin;
    bool masked = true, flags = lock();

    c = chip_of(gsi, &pin);
    if (c != NULL)
        masked = (reg_read(c, REG_REDTBL + 2 * pin) & RTE_MASKED) != 0;
    unlock(flags);
    return masked;
}

void arch_irq_line_mask(unsigned int irq)
{
    (void)ioapic_set_masked(irq, true);
}

void arch_irq_line_unmask(unsigned int irq)
{
    (void)ioapic_set_masked(irq, false);
}
