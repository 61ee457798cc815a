/* SPDX-License-Identifier: MIT */
/* acpi_tables.h - the ACPI tables of an HVM guest: RSDP, RSDT/XSDT, FADT, FACS, DSDT, MADT. */
#ifndef STRATA_GUEST_HVM_ACPI_TABLES_H
#define STRATA_GUEST_HVM_ACPI_TABLES_H

/*
 * The vCPUs and interrupt routing are described by ACPI rather than an
 * MP table: Debian's kernel is built without CONFIG_X86_MPPARSE, so it
 * would never read an MP table (docs/hvm.md, "Domain builder").
 * All tables sit in one page of the BIOS area; each offset below is
 * from its start. The FADT is a full (not hardware-reduced) one so
 * Linux keeps the 8259 PIC and the PIT as on a PC; it names no SMI
 * command port (the machine is always in ACPI mode), a PM1a event and
 * control block at HVM_ACPI_PM1A_EVT / _CNT, SCI on IRQ 9, no PM timer,
 * no reset register (reboot goes through the i8042), a DSDT with _S5 only.
 * The MADT lists one enabled local APIC per vCPU (APIC id = processor
 * UID = vCPU number), the IOAPIC (id nr_vcpus, 24 pins from GSI 0),
 * the overrides IRQ 0 -> GSI 2 (edge, high) and IRQ 9 -> GSI 9 (level,
 * high: the SCI) and LINT1 as NMI on every CPU.
 */
#include "lib/status.h"
#include "arch/arch.h"

#define HVM_ACPI_RSDP_OFF    0x000   /* 36 bytes, 16-byte aligned */
#define HVM_ACPI_FACS_OFF    0x040   /* 64 bytes, 64-byte aligned */
#define HVM_ACPI_RSDT_OFF    0x080
#define HVM_ACPI_XSDT_OFF    0x0c0
#define HVM_ACPI_FADT_OFF    0x100
#define HVM_ACPI_DSDT_OFF    0x240
#define HVM_ACPI_MADT_OFF    0x280
#define HVM_ACPI_SIZE        0x400   /* bytes the tables may take */

#define HVM_ACPI_MAX_VCPUS   32
#define HVM_LAPIC_BASE       0xfee00000U
#define HVM_IOAPIC_BASE      0xfec00000U
#define HVM_IOAPIC_PINS      24
#define HVM_ACPI_SCI_IRQ     9
#define HVM_ACPI_PM1A_EVT    0x600   /* PM1a status + enable, 4 bytes */
#define HVM_ACPI_PM1A_CNT    0x604   /* PM1a control, 2 bytes */

/* Write the tables for nr_vcpus (1 .. HVM_ACPI_MAX_VCPUS) into buf
 * (HVM_ACPI_SIZE bytes, zeroed by the caller), which the guest sees at
 * guest-physical base (below 4 GiB, 16-byte aligned). Returns the
 * guest-physical address of the RSDP. The caller checks nr_vcpus. */
uint64_t hvm_acpi_build(uint8_t *buf, uint64_t base, uint32_t nr_vcpus);

/* Byte sum of len bytes (a correct ACPI checksum makes it 0 mod 256). */
uint8_t hvm_acpi_sum(const uint8_t *p, size_t len);

#endif /* STRATA_GUEST_HVM_ACPI_TABLES_H */
