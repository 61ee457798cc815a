/* SPDX-License-Identifier: MIT */
/* test_irq.c - test=irq: the PIT's IRQ through the IOAPIC to a handler and the pirq table. */
#include "boot/selftest.h"
#include "arch/x86/acpi.h"
#include "arch/x86/cpu.h"
#include "arch/x86/exit_code.h"
#include "arch/x86/ioapic.h"
#include "arch/x86/lapic.h"
#include "arch/x86/vector.h"
#include "core/irq.h"
#include "lib/format.h"
#include "lib/print.h"

/*
 * The PIT (ISA IRQ 0; the MADT's override puts it on GSI 2 under QEMU)
 * is given to a test domain as pirq TEST_PIRQ bound to port TEST_PORT,
 * routed through the IOAPIC to a vector of its own on this CPU, and set
 * to PIT_HZ. The handler counts arrivals and asks the pirq table where
 * each goes. Then the owner unbinds, which masks the pin: no more
 * arrivals. Under TCG, ticks the host could not deliver in time merge,
 * so fewer than expected may come, never many more.
 */
#define TEST_DOMID      7
#define OTHER_DOMID     8
#define TEST_PIRQ       16
#define TEST_PORT       5
#define PIT_HZ          1000
#define PIT_INPUT_HZ    1193182
#define PIT_CH0         0x40
#define PIT_CMD         0x43
#define PIT_CH0_RATE    0x34            /* channel 0, lo/hi byte, mode 2 */
#define RUN_MS          200
#define QUIET_MS        50
#define MIN_PCT         50
#define MAX_PCT         130

static volatile uint64_t arrivals, delivered, wrong;
static uint32_t gsi;

static void on_pit(struct cpu_regs *regs)
{
    struct irq_target t;

    (void)regs;
    arrivals++;
    if (irq_arrived(gsi, &t) == IRQ_DELIVER) {
        if (t.domid == TEST_DOMID && t.pirq == TEST_PIRQ && t.port == TEST_PORT)
            delivered++;
        else
            wrong++;
    }
    lapic_eoi();
}

static void pit_start(void)
{
    uint16_t divisor = PIT_INPUT_HZ / PIT_HZ;

    outb(PIT_CMD, PIT_CH0_RATE);
    outb(PIT_CH0, divisor & 0xff);
    outb(PIT_CH0, divisor >> 8);
}

static void wait_ms(uint64_t ms)
{
    uint64_t end = arch_now_ns() + ms * 1000000;

    irq_enable();
    while (arch_now_ns() < end)
        cpu_relax();
    irq_disable();
}

/* The hostile calls: another domain cannot map or bind the line, and
 * there is no GSI beyond the IOAPICs. */
static bool refusals(unsigned int vector)
{
    return irq_assign(gsi, OTHER_DOMID, false) == STATUS_EBUSY &&
           irq_map_pirq(OTHER_DOMID, gsi, TEST_PIRQ) == STATUS_EPERM &&
           irq_bind_pirq(OTHER_DOMID, TEST_PIRQ, TEST_PORT) == STATUS_EINVAL &&
           ioapic_route(ioapic_nr_gsis(), vector, 0, false, false) == STATUS_EINVAL;
}

/* Give the line to the test domain and bind it (which unmasks the pin). */
static bool bind(const struct acpi_isa_irq *pit, unsigned int vector)
{
    return irq_assign(gsi, TEST_DOMID, pit->level) == STATUS_OK &&
           irq_map_pirq(TEST_DOMID, gsi, TEST_PIRQ) == STATUS_OK &&
           ioapic_route(gsi, vector, arch_cpu_id(), pit->level, pit->active_low) == STATUS_OK &&
           ioapic_is_masked(gsi) &&
           irq_bind_pirq(TEST_DOMID, TEST_PIRQ, TEST_PORT) == STATUS_OK &&
           !ioapic_is_masked(gsi);
}

static NORETURN void verdict(bool ok, const char *detail)
{
    selftest_report("irq", ok, detail);
    arch_shutdown(ok ? EXIT_CODE_PASS : EXIT_CODE_FAIL);
}

NORETURN void test_irq(void)
{
    struct acpi_isa_irq pit = acpi_isa_irq(0);
    uint64_t want = PIT_HZ * RUN_MS / 1000, seen, after;
    unsigned int vector;
    char detail[160];
    bool ok;

    ioapic_init();
    gsi = pit.gsi;
    printk("irq: PIT is ISA IRQ 0 -> GSI %u (%s, active %s); %u GSIs\n", gsi,
           pit.level ? "level" : "edge", pit.active_low ? "low" : "high", ioapic_nr_gsis());
    if (vector_alloc("test-irq", on_pit, &vector) != STATUS_OK || !bind(&pit, vector))
        verdict(false, "cannot route the PIT");
    pit_start();
    wait_ms(RUN_MS);
    seen = arrivals;
    ok = irq_unbind_pirq(TEST_DOMID, TEST_PIRQ) == STATUS_OK && ioapic_is_masked(gsi);
    wait_ms(QUIET_MS);
    after = arrivals;
    printk("irq: %lu arrivals in %u ms (%lu expected), %lu delivered to d%u pirq %u "
           "port %u, %lu misrouted; %lu after the unbind masked GSI %u\n", seen, RUN_MS,
           want, delivered, TEST_DOMID, TEST_PIRQ, TEST_PORT, wrong, after - seen, gsi);
    ok = ok && seen * 100 >= want * MIN_PCT && seen * 100 <= want * MAX_PCT &&
         delivered == seen && wrong == 0 && after - seen <= 1 &&
         irq_arrivals(gsi) == after && refusals(vector);
    irq_domain_teardown(TEST_DOMID);
    ok = ok && vector_free(vector, "test-irq") == STATUS_OK;
    format(detail, sizeof(detail), "GSI %u through the IOAPIC to vector %#x: %lu arrivals, "
           "all delivered to the owner's port, none after masking", gsi, vector, seen);
    verdict(ok, detail);
}
