/* SPDX-License-Identifier: MIT */
/* acpi.c - RSDP -> RSDT/XSDT -> MADT: the processors' APIC IDs, the IOAPICs, ISA overrides. */
#include "arch/x86/acpi.h"
#include "arch/x86/layout.h"
#include "lib/string.h"

#define EBDA_SEGMENT_PTR    0x40e
#define BIOS_ROM_START      0xe0000
#define BIOS_ROM_END        0x100000
#define MADT_LOCAL_APIC     0
#define MADT_IOAPIC         1
#define MADT_ISO            2       /* interrupt source override */
#define LAPIC_ENABLED       1
#define ISA_IRQS            16
#define ISO_POLARITY_MASK   0x3
#define ISO_ACTIVE_LOW      0x3
#define ISO_TRIGGER_SHIFT   2
#define ISO_TRIGGER_MASK    0x3
#define ISO_LEVEL           0x3

struct PACKED rsdp {
    char signature[8];
    uint8_t checksum;
    char oem[6];
    uint8_t revision;
    uint32_t rsdt;
    uint32_t length;
    uint64_t xsdt;
    uint8_t xchecksum;
    uint8_t reserved[3];
};

struct PACKED sdt_header {
    char signature[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_revision, creator, creator_revision;
};

struct PACKED madt_entry {
    uint8_t type, length;
};

struct PACKED madt_lapic {
    struct madt_entry h;
    uint8_t acpi_id, apic_id;
    uint32_t flags;
};

struct PACKED madt_ioapic {
    struct madt_entry h;
    uint8_t id, reserved;
    uint32_t address, gsi_base;
};

struct PACKED madt_iso {
    struct madt_entry h;
    uint8_t bus, source;
    uint32_t gsi;
    uint16_t flags;
};

/* What the MADT said beyond the CPUs (kept: the tables are read through
 * the boot mapping, which is gone after paging_activate). */
static struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static struct acpi_isa_irq isa[ISA_IRQS];
static bool isa_overridden[ISA_IRQS];

static const void *phys(uint64_t pa)
{
    return (const void *)(uintptr_t)(DIRECTMAP_BASE + pa);
}

static bool checksum_ok(const void *p, size_t len)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++)
        sum += ((const uint8_t *)p)[i];
    return sum == 0;
}

static const struct rsdp *rsdp_scan(uint64_t start, uint64_t end)
{
    for (uint64_t pa = start; pa + sizeof(struct rsdp) <= end; pa += 16) {
        const struct rsdp *r = phys(pa);

        if (mem_compare(r->signature, "RSD PTR ", 8) == 0 && checksum_ok(r, 20))
            return r;
    }
    return NULL;
}

static const struct rsdp *rsdp_find(void)
{
    uint64_t ebda = (uint64_t)*(const uint16_t *)phys(EBDA_SEGMENT_PTR) << 4;
    const struct rsdp *r = NULL;

    if (ebda != 0)
        r = rsdp_scan(ebda, ebda + 1024);
    return r != NULL ? r : rsdp_scan(BIOS_ROM_START, BIOS_ROM_END);
}

/* The table with signature sig listed in the RSDT (4-byte entries) or
 * XSDT (8-byte entries). */
static const struct sdt_header *table_find(const struct rsdp *r, const char *sig)
{
    bool x = r->revision >= 2 && r->xsdt != 0;
    const struct sdt_header *root = phys(x ? r->xsdt : r->rsdt);
    size_t width = x ? 8 : 4;
    size_t n = (root->length - sizeof(*root)) / width;
    const uint8_t *entries = (const uint8_t *)(root + 1);

    for (size_t i = 0; i < n; i++) {
        uint64_t pa = 0;

        mem_copy(&pa, entries + i * width, width);
        if (mem_compare(((const struct sdt_header *)phys(pa))->signature, sig, 4) == 0)
            return phys(pa);
    }
    return NULL;
}

static void note_ioapic(const struct madt_ioapic *io)
{
    if (nr_ioapics < ACPI_MAX_IOAPICS)
        ioapics[nr_ioapics++] = (struct acpi_ioapic){ io->id, io->address, io->gsi_base };
}

/* ISA (bus 0) flags: 0 in a field means "as the bus does": edge, high. */
static void note_iso(const struct madt_iso *o)
{
    uint16_t trigger = (o->flags >> ISO_TRIGGER_SHIFT) & ISO_TRIGGER_MASK;

    if (o->bus != 0 || o->source >= ISA_IRQS)
        return;
    isa[o->source] = (struct acpi_isa_irq){
        .gsi = o->gsi,
        .level = trigger == ISO_LEVEL,
        .active_low = (o->flags & ISO_POLARITY_MASK) == ISO_ACTIVE_LOW,
    };
    isa_overridden[o->source] = true;
}

unsigned int acpi_find_cpus(uint32_t *ids, unsigned int max)
{
    const struct rsdp *r = rsdp_find();
    const struct sdt_header *madt = r != NULL ? table_find(r, "APIC") : NULL;
    const uint8_t *p, *end;
    unsigned int n = 0;

    if (madt == NULL)
        return 0;
    p = (const uint8_t *)(madt + 1) + 8;    /* LAPIC address, flags */
    end = (const uint8_t *)madt + madt->length;
    for (; p + sizeof(struct madt_entry) <= end; p += ((const struct madt_entry *)p)->length) {
        const struct madt_entry *e = (const void *)p;
        const struct madt_lapic *l = (const void *)p;

        if (e->length == 0 || p + e->length > end)
            break;
        if (e->type == MADT_LOCAL_APIC && (l->flags & LAPIC_ENABLED) && n < max)
            ids[n++] = l->apic_id;
        else if (e->type == MADT_IOAPIC && e->length >= sizeof(struct madt_ioapic))
            note_ioapic((const void *)p);
        else if (e->type == MADT_ISO && e->length >= sizeof(struct madt_iso))
            note_iso((const void *)p);
    }
    return n;
}

unsigned int acpi_ioapics(const struct acpi_ioapic **out)
{
    *out = ioapics;
    return nr_ioapics;
}

struct acpi_isa_irq acpi_isa_irq(unsigned int irq)
{
    if (irq < ISA_IRQS && isa_overridden[irq])
        return isa[irq];
    return (struct acpi_isa_irq){ .gsi = irq, .level = false, .active_low = false };
}
