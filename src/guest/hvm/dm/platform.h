/* SPDX-License-Identifier: MIT */
/* platform.h - the emulated PC platform of one HVM domain: LAPICs, IOAPIC, PIC, PIT, UART, RTC, PCI, reset. */
#ifndef STRATA_GUEST_HVM_DM_PLATFORM_H
#define STRATA_GUEST_HVM_DM_PLATFORM_H

/*
 * The devices are pure state machines (one file each in this folder);
 * this aggregate routes port I/O, MMIO and MSRs to them, wires the ISA
 * IRQs to the PIC and the I/O APIC (IRQ 0 -> pin 2), delivers I/O APIC
 * messages and IPIs to the local APICs and picks the vector a vCPU
 * takes next. One lock per platform serialises every call; the hooks
 * run after it is dropped, so a hook may call back into the platform.
 * Design: docs/hvm.md "Device models".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/status.h"

struct domain;
struct hvm_platform;                       /* opaque */

/* What the platform asks of the vCPU layer. Each member may be NULL. */
struct hvm_platform_hooks {
    void (*kick)(struct domain *d, uint32_t vcpu);                       /* an interrupt became pending */
    void (*init_ipi)(struct domain *d, uint32_t vcpu);                   /* INIT */
    void (*startup_ipi)(struct domain *d, uint32_t vcpu, uint8_t vector); /* SIPI */
    void (*reset)(struct domain *d);                                     /* i8042 0xfe, 0xcf9 */
    void (*console_out)(struct domain *d, const char *buf, size_t len);  /* UART THR */
    void (*poweroff)(struct domain *d);                                  /* ACPI S5: PM1a_CNT SLP_EN */
};

#define HVM_PLATFORM_LAPIC_BASE   0xfee00000ULL
#define HVM_PLATFORM_IOAPIC_BASE  0xfec00000ULL

/* The contracts name no assigns clause where the state behind the
 * opaque p changes: it is private to platform.c. */

/*@ predicate PlatformHooksValid(struct hvm_platform_hooks *h) = \valid_read(h); */

/* Create the platform of d with nr_vcpus (1..DOMAIN_MAX_VCPUS) local
 * APICs (ids 0..n-1, vCPU 0 the BSP in virtual-wire mode as a BIOS
 * leaves it) and an I/O APIC with id nr_vcpus. The hooks are copied.
 * EINVAL: bad count or NULL hooks/out; ENOMEM: no frames. */
/*@ requires valid_out: \valid(out);
    requires valid_hooks: hooks == \null || PlatformHooksValid(hooks);
    assigns *out;
    behavior invalid:
      assumes nr_vcpus == 0 || hooks == \null;
      ensures \result == STATUS_EINVAL;
    behavior valid:
      assumes nr_vcpus != 0 && hooks != \null;
      ensures \result == STATUS_OK || \result == STATUS_EINVAL || \result == STATUS_ENOMEM;
    complete behaviors;
    disjoint behaviors;
*/
status_t hvm_platform_create(struct domain *d, uint32_t nr_vcpus,
                             const struct hvm_platform_hooks *hooks,
                             struct hvm_platform **out);

/* Free the platform (NULL is ignored). */
/*@ requires platform: p == \null || \valid_read((char *)p); */
void hvm_platform_destroy(struct hvm_platform *p);

/* Port I/O, size 1/2/4; unclaimed ports read all-ones, writes dropped.
 * Wider accesses to byte-wide devices are split into byte accesses at
 * port, port + 1, ... as the ISA bus does. */
/*@ requires platform: \valid_read((char *)p);
    requires valid: \valid(val);
*/
void hvm_platform_pio(struct hvm_platform *p, uint32_t vcpu, uint16_t port,
                      unsigned int size, bool write, uint32_t *val);

/* MMIO (LAPIC at the vCPU's APIC base, IOAPIC 0xfec00000, HPET absent),
 * size 1/2/4/8 (others read all-ones, writes dropped). false: no device
 * at gpa (the caller crashes the domain). */
/*@ requires platform: \valid_read((char *)p);
    requires valid: \valid(val);
*/
bool hvm_platform_mmio(struct hvm_platform *p, uint32_t vcpu, uint64_t gpa,
                       unsigned int size, bool write, uint64_t *val);

/* APIC base MSR 0x1b, x2APIC MSRs 0x800-0x8ff, TSC-deadline 0x6e0.
 * false: not a platform MSR, or an access the SDM answers with #GP
 * (x2APIC MSRs outside x2APIC mode, reserved or read-only registers,
 * forbidden APIC base values). */
/*@ requires platform: \valid_read((char *)p);
    requires valid: \valid(val);
*/
bool hvm_platform_msr(struct hvm_platform *p, uint32_t vcpu, uint32_t msr,
                      bool write, uint64_t *val);

/* Advance the timers (LAPIC, PIT, RTC) to now_ns and flush a partial
 * UART line; returns the next deadline in ns (0: none) so the caller
 * can arm a timer. */
/*@ requires platform: \valid_read((char *)p); */
uint64_t hvm_platform_advance(struct hvm_platform *p, uint64_t now_ns);

/* The vector vcpu should take next (LAPIC IRR by priority against the
 * PPR first, then the PIC through LINT0 ExtINT on vCPU 0), or -1. */
/*@ requires platform: \valid_read((char *)p);
    ensures range: -1 <= \result <= 255;
*/
int hvm_platform_pending_vector(struct hvm_platform *p, uint32_t vcpu);

/* The caller injected vector into vcpu: move it IRR -> ISR (INTA). */
/*@ requires platform: \valid_read((char *)p); */
void hvm_platform_ack_vector(struct hvm_platform *p, uint32_t vcpu, int vector);

/* A byte typed on Strata's console for this domain's UART. */
/*@ requires platform: \valid_read((char *)p); */
void hvm_platform_uart_input(struct hvm_platform *p, uint8_t byte);

/* Additions to the lead's interface. */

/* An NMI delivered to vcpu (IPI or I/O APIC) and not yet taken: true
 * once per NMI; the caller injects vector 2 as an NMI. */
/*@ requires platform: \valid_read((char *)p); */
bool hvm_platform_take_nmi(struct hvm_platform *p, uint32_t vcpu);

/* How the guest TSC relates to now_ns, for IA32_TSC_DEADLINE:
 * tsc = tsc_at_zero + now_ns * tsc_khz / 10^6 (default 1 GHz from 0).
 * tsc_khz 0 is ignored. */
/*@ requires platform: \valid_read((char *)p); */
void hvm_platform_set_tsc(struct hvm_platform *p, uint64_t tsc_khz, uint64_t tsc_at_zero);

/* The RTC's time: Unix seconds at now_ns = 0 (default 2026-01-01). */
/*@ requires platform: \valid_read((char *)p); */
void hvm_platform_set_wallclock(struct hvm_platform *p, int64_t unix_seconds_at_zero);

/* The CMOS memory-size bytes a BIOS fills (RAM below and above 4 GiB). */
/*@ requires platform: \valid_read((char *)p); */
void hvm_platform_set_memory(struct hvm_platform *p, uint64_t below_4g_bytes,
                             uint64_t above_4g_bytes);

#endif /* STRATA_GUEST_HVM_DM_PLATFORM_H */
