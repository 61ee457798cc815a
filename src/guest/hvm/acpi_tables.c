/* SPDX-License-Identifier: MIT */
/* acpi_tables.c - the ACPI tables of an HVM guest: RSDP, RSDT/XSDT, FADT, FACS, DSDT, MADT. */
#include "guest/hvm/acpi_tables.h"
#include "guest/hvm/dm/vpm1.h"
#include "lib/string.h"

#define ACPI_HEADER_LEN     36
#define ACPI_RSDP_V1_LEN    20
#define ACPI_RSDP_LEN       36
#define ACPI_FACS_LEN       64
#define ACPI_FADT_LEN       276     /* revision 6 */
#define ACPI_MADT_FIXED     44      /* header, LAPIC address, flags */

/* FADT fields (ACPI 6.x, table "Fixed ACPI Description Table Format"). */
#define FADT_FIRMWARE_CTRL  36
#define FADT_DSDT           40
#define FADT_SCI_INT        46
#define FADT_PM1A_EVT_BLK   56
#define FADT_PM1A_CNT_BLK   64
#define FADT_PM1_EVT_LEN    88
#define FADT_PM1_CNT_LEN    89
#define FADT_P_LVL2_LAT     96
#define FADT_P_LVL3_LAT     98
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS          112
#define FADT_X_DSDT         140
#define FADT_X_PM1A_EVT_BLK 148
#define FADT_X_PM1A_CNT_BLK 172
#define FADT_HYPERVISOR_ID  268

#define BOOT_ARCH_LEGACY_DEVICES 0x0001   /* ISA devices (UART, RTC, PIT) */
#define BOOT_ARCH_8042           0x0002   /* i8042 present (reset line) */
#define BOOT_ARCH_NO_VGA         0x0004
#define FADT_F_WBINVD            (1U << 0)
#define FADT_F_PROC_C1           (1U << 2)
#define FADT_F_PWR_BUTTON        (1U << 4)  /* no fixed power button */
#define FADT_F_SLP_BUTTON        (1U << 5)  /* no fixed sleep button */
#define C2_UNSUPPORTED           101        /* latency > 100 us */
#define C3_UNSUPPORTED           1001       /* latency > 1000 us */
#define GAS_SYSTEM_IO            1

#define MADT_PCAT_COMPAT    1U      /* dual 8259s present */
#define MADT_LAPIC          0
#define MADT_IOAPIC         1
#define MADT_ISO            2
#define MADT_LAPIC_NMI      4
#define MADT_ENABLED        1U
#define ISO_LEVEL_HIGH      0x000d  /* active high, level triggered */
#define ALL_PROCESSORS      0xff

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

uint8_t hvm_acpi_sum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    /* loop invariant: sum = bytes [0, i) mod 256; variant: len - i */
    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum;
}

/* Make the bytes [0, len) of p sum to zero through the byte at check. */
static void set_checksum(uint8_t *p, size_t len, uint8_t *check)
{
    *check = 0;
    *check = (uint8_t)(0x100 - hvm_acpi_sum(p, len));
}

/* The standard 36-byte header; the checksum is set by finish(). */
static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t revision)
{
    mem_copy(t, sig, 4);
    put32(t + 4, len);
    t[8] = revision;
    mem_copy(t + 10, "STRATA", 6);
    mem_copy(t + 16, "STRATAHV", 8);
    put32(t + 24, 1);
    mem_copy(t + 28, "STRA", 4);
    put32(t + 32, 1);
}

static void finish(uint8_t *t)
{
    set_checksum(t, t[4] | t[5] << 8 | t[6] << 16 | (uint32_t)t[7] << 24, t + 9);
}

static void gas_io(uint8_t *g, uint8_t bits, uint16_t port)
{
    g[0] = GAS_SYSTEM_IO;
    g[1] = bits;
    put64(g + 4, port);
}

static void build_fadt(uint8_t *t, uint64_t base)
{
    header(t, "FACP", ACPI_FADT_LEN, 6);
    /* The FACS by its 32-bit address only: with both set Linux installs it twice. */
    put32(t + FADT_FIRMWARE_CTRL, (uint32_t)(base + HVM_ACPI_FACS_OFF));
    put32(t + FADT_DSDT, (uint32_t)(base + HVM_ACPI_DSDT_OFF));
    put16(t + FADT_SCI_INT, HVM_ACPI_SCI_IRQ);
    put32(t + FADT_PM1A_EVT_BLK, HVM_ACPI_PM1A_EVT);
    put32(t + FADT_PM1A_CNT_BLK, HVM_ACPI_PM1A_CNT);
    t[FADT_PM1_EVT_LEN] = 4;
    t[FADT_PM1_CNT_LEN] = 2;
    put16(t + FADT_P_LVL2_LAT, C2_UNSUPPORTED);
    put16(t + FADT_P_LVL3_LAT, C3_UNSUPPORTED);
    put16(t + FADT_IAPC_BOOT_ARCH, BOOT_ARCH_LEGACY_DEVICES | BOOT_ARCH_8042 | BOOT_ARCH_NO_VGA);
    put32(t + FADT_FLAGS, FADT_F_WBINVD | FADT_F_PROC_C1 | FADT_F_PWR_BUTTON | FADT_F_SLP_BUTTON);
    put64(t + FADT_X_DSDT, base + HVM_ACPI_DSDT_OFF);
    gas_io(t + FADT_X_PM1A_EVT_BLK, 32, HVM_ACPI_PM1A_EVT);
    gas_io(t + FADT_X_PM1A_CNT_BLK, 16, HVM_ACPI_PM1A_CNT);
    mem_copy(t + FADT_HYPERVISOR_ID, "STRATAHV", 8);
    finish(t);
}

static void build_facs(uint8_t *t)
{
    mem_copy(t, "FACS", 4);
    put32(t + 4, ACPI_FACS_LEN);
    t[32] = 2;    /* version */
}

/* MADT entries after the fixed part; returns the table length. */
static uint32_t madt_entries(uint8_t *e, uint32_t nr_vcpus)
{
    uint32_t n = 0;

    /* loop invariant: entries of vCPUs [0, i) written, n = 8 * i */
    for (uint32_t i = 0; i < nr_vcpus; i++, n += 8) {
        e[n] = MADT_LAPIC;
        e[n + 1] = 8;
        e[n + 2] = (uint8_t)i;          /* ACPI processor UID */
        e[n + 3] = (uint8_t)i;          /* APIC id */
        put32(e + n + 4, MADT_ENABLED);
    }
    e[n] = MADT_IOAPIC;
    e[n + 1] = 12;
    e[n + 2] = (uint8_t)nr_vcpus;       /* IOAPIC id follows the CPUs' */
    put32(e + n + 4, HVM_IOAPIC_BASE);  /* GSI base 0 */
    n += 12;
    e[n] = MADT_ISO;
    e[n + 1] = 10;
    put32(e + n + 4, 2);                /* bus 0 (ISA), IRQ 0 -> GSI 2, flags 0 */
    n += 10;
    e[n] = MADT_ISO;
    e[n + 1] = 10;
    e[n + 3] = HVM_ACPI_SCI_IRQ;
    put32(e + n + 4, HVM_ACPI_SCI_IRQ);
    put16(e + n + 8, ISO_LEVEL_HIGH);
    n += 10;
    e[n] = MADT_LAPIC_NMI;
    e[n + 1] = 6;
    e[n + 2] = ALL_PROCESSORS;
    e[n + 5] = 1;                       /* LINT1 */
    return ACPI_MADT_FIXED + n + 6;
}

static void build_madt(uint8_t *t, uint32_t nr_vcpus)
{
    uint32_t len = madt_entries(t + ACPI_MADT_FIXED, nr_vcpus);

    header(t, "APIC", len, 3);
    put32(t + 36, HVM_LAPIC_BASE);
    put32(t + 40, MADT_PCAT_COMPAT);
    finish(t);
}

/* RSDT (32-bit pointers) and XSDT (64-bit) to the FADT and the MADT. */
static void build_roots(uint8_t *buf, uint64_t base)
{
    uint8_t *rsdt = buf + HVM_ACPI_RSDT_OFF, *xsdt = buf + HVM_ACPI_XSDT_OFF;

    header(rsdt, "RSDT", ACPI_HEADER_LEN + 2 * 4, 1);
    put32(rsdt + 36, (uint32_t)(base + HVM_ACPI_FADT_OFF));
    put32(rsdt + 40, (uint32_t)(base + HVM_ACPI_MADT_OFF));
    finish(rsdt);
    header(xsdt, "XSDT", ACPI_HEADER_LEN + 2 * 8, 1);
    put64(xsdt + 36, base + HVM_ACPI_FADT_OFF);
    put64(xsdt + 44, base + HVM_ACPI_MADT_OFF);
    finish(xsdt);
}

static void build_rsdp(uint8_t *p, uint64_t base)
{
    mem_copy(p, "RSD PTR ", 8);
    mem_copy(p + 9, "STRATA", 6);
    p[15] = 2;                                      /* ACPI 2.0+: XSDT */
    put32(p + 16, (uint32_t)(base + HVM_ACPI_RSDT_OFF));
    put32(p + 20, ACPI_RSDP_LEN);
    put64(p + 24, base + HVM_ACPI_XSDT_OFF);
    set_checksum(p, ACPI_RSDP_V1_LEN, p + 8);
    set_checksum(p, ACPI_RSDP_LEN, p + 32);
}

/* The DSDT's only object: Name (_S5, Package () { 5, 5, 0, 0 }), the
 * SLP_TYP values Linux writes to PM1a/PM1b_CNT to power off (the device
 * models end the domain on SLP_EN with SLP_TYP 5: dm/vpm1.h). */
static const uint8_t dsdt_aml[] = {
    0x08, '_', 'S', '5', '_',     /* NameOp, NameString */
    0x12, 0x08, 0x04,             /* PackageOp, PkgLength 8, 4 elements */
    0x0a, VPM1_SLP_TYP_S5,    /* BytePrefix: SLP_TYPa */
    0x0a, VPM1_SLP_TYP_S5,    /* BytePrefix: SLP_TYPb */
    0x00, 0x00,                   /* ZeroOp: reserved */
};

static void build_dsdt(uint8_t *t)
{
    header(t, "DSDT", ACPI_HEADER_LEN + sizeof(dsdt_aml), 2);
    mem_copy(t + ACPI_HEADER_LEN, dsdt_aml, sizeof(dsdt_aml));
    finish(t);
}

uint64_t hvm_acpi_build(uint8_t *buf, uint64_t base, uint32_t nr_vcpus)
{
    build_facs(buf + HVM_ACPI_FACS_OFF);
    build_dsdt(buf + HVM_ACPI_DSDT_OFF);
    build_fadt(buf + HVM_ACPI_FADT_OFF, base);
    build_madt(buf + HVM_ACPI_MADT_OFF, nr_vcpus);
    build_roots(buf, base);
    build_rsdp(buf + HVM_ACPI_RSDP_OFF, base);
    return base + HVM_ACPI_RSDP_OFF;
}
