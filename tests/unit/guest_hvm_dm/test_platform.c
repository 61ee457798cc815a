/* SPDX-License-Identifier: MIT */
/* test_platform.c - the aggregate: routing, ISA wiring, IPIs, INTA, timers and hooks as a guest sees them. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "arch/host/host.h"
#include "core/domain.h"
#include "guest/hvm/dm/platform.h"
#include "mm/frame.h"
#include "mm/page_alloc.h"

/* What the hooks saw. */
static struct {
    uint32_t kicks, inits, sipis;
    uint8_t sipi_vector;
    unsigned int resets, poweroffs;
    char out[512];
    size_t out_len;
    struct domain *d;
} seen;

static void on_kick(struct domain *d, uint32_t v) { seen.d = d; seen.kicks |= 1U << v; }
static void on_init(struct domain *d, uint32_t v) { seen.d = d; seen.inits |= 1U << v; }
static void on_sipi(struct domain *d, uint32_t v, uint8_t vec) { seen.d = d; seen.sipis |= 1U << v; seen.sipi_vector = vec; }
static void on_reset(struct domain *d) { seen.d = d; seen.resets++; }
static void on_poweroff(struct domain *d) { seen.d = d; seen.poweroffs++; }
static void on_out(struct domain *d, const char *buf, size_t len)
{
    seen.d = d;
    memcpy(seen.out + seen.out_len, buf, len);
    seen.out_len += len;
}

static const struct hvm_platform_hooks hooks = {
    .kick = on_kick, .init_ipi = on_init, .startup_ipi = on_sipi,
    .reset = on_reset, .console_out = on_out, .poweroff = on_poweroff,
};
static struct domain dom;
static void *table_storage;

static void machine(uint64_t frames, uint64_t reserved)
{
    host_memory_init(frames);
    free(table_storage);
    table_storage = calloc(1, frame_table_bytes(frames));
    if (!table_storage || frame_table_init(table_storage, frames) != STATUS_OK)
        abort();
    page_alloc_init();
    if (frames > reserved && page_alloc_add_range(reserved, frames - reserved) != STATUS_OK)
        abort();
    memset(&seen, 0, sizeof(seen));
    host_set_now_ns(0);
}

static struct hvm_platform *make(uint32_t nr)
{
    struct hvm_platform *p = NULL;

    machine(64, 0);
    CHECK_EQ(hvm_platform_create(&dom, nr, &hooks, &p), STATUS_OK);
    return p;
}

static uint32_t in(struct hvm_platform *p, uint16_t port, unsigned int size)
{
    uint32_t v = 0x12345678;

    hvm_platform_pio(p, 0, port, size, false, &v);
    return v;
}

static void out(struct hvm_platform *p, uint16_t port, unsigned int size, uint32_t v)
{
    hvm_platform_pio(p, 0, port, size, true, &v);
}

static uint32_t lapic_rd(struct hvm_platform *p, uint32_t vcpu, uint32_t reg)
{
    uint64_t v = 0;

    CHECK(hvm_platform_mmio(p, vcpu, HVM_PLATFORM_LAPIC_BASE + reg, 4, false, &v));
    return (uint32_t)v;
}

static void lapic_wr(struct hvm_platform *p, uint32_t vcpu, uint32_t reg, uint32_t val)
{
    uint64_t v = val;

    CHECK(hvm_platform_mmio(p, vcpu, HVM_PLATFORM_LAPIC_BASE + reg, 4, true, &v));
}

static void ioapic_wr(struct hvm_platform *p, uint32_t reg, uint32_t val)
{
    uint64_t v = reg;

    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE, 4, true, &v));
    v = val;
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE + 0x10, 4, true, &v));
}

static void ioapic_route(struct hvm_platform *p, unsigned int pin, uint64_t rte)
{
    ioapic_wr(p, 0x11 + 2 * pin, (uint32_t)(rte >> 32));
    ioapic_wr(p, 0x10 + 2 * pin, (uint32_t)rte);
}

static void enable_all(struct hvm_platform *p, uint32_t nr)
{
    for (uint32_t i = 0; i < nr; i++)
        lapic_wr(p, i, 0xf0, 0x1ff);
}

/* The CPU takes what is pending, as the run loop does. */
static int take(struct hvm_platform *p, uint32_t vcpu)
{
    int v = hvm_platform_pending_vector(p, vcpu);

    if (v >= 0)
        hvm_platform_ack_vector(p, vcpu, v);
    return v;
}

UNIT_TEST(platform_create_errors)
{
    struct hvm_platform *p = NULL;

    machine(64, 0);
    CHECK_EQ(hvm_platform_create(&dom, 0, &hooks, &p), STATUS_EINVAL);
    CHECK_EQ(hvm_platform_create(&dom, DOMAIN_MAX_VCPUS + 1, &hooks, &p), STATUS_EINVAL);
    CHECK_EQ(hvm_platform_create(&dom, 1, NULL, &p), STATUS_EINVAL);
    CHECK(p == NULL);
    machine(64, 64);                          /* no free memory */
    CHECK_EQ(hvm_platform_create(&dom, 1, &hooks, &p), STATUS_ENOMEM);
    hvm_platform_destroy(NULL);
    p = make(DOMAIN_MAX_VCPUS);
    CHECK(p != NULL);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_unclaimed_ports)
{
    struct hvm_platform *p = make(1);

    CHECK_EQ(in(p, 0x80, 1), 0xff);
    CHECK_EQ(in(p, 0x80, 2), 0xffff);
    CHECK_EQ(in(p, 0x1000, 4), 0xffffffffU);
    CHECK_EQ(in(p, 0x80, 3), 0xffffffffU);    /* bad size */
    out(p, 0x80, 1, 0x55);                    /* POST code: dropped */
    out(p, 0x80, 3, 0x55);
    CHECK_EQ(in(p, 0xcf8, 1), 0xff);          /* byte access: not the PCI address */
    CHECK_EQ(in(p, 0xfffe, 4), 0xffffffffU);  /* wraps past 0xffff */
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_pci_and_reset_ports)
{
    struct hvm_platform *p = make(1);

    out(p, 0xcfb, 1, 0x01);                   /* Linux's type 1 probe */
    out(p, 0xcf8, 4, 0x80000000U);
    CHECK_EQ(in(p, 0xcf8, 4), 0x80000000U);
    CHECK_EQ(in(p, 0xcfc, 4), 0x12378086U);
    CHECK_EQ(in(p, 0xcfe, 2), 0x1237);
    out(p, 0xcfc, 4, 0xffffffffU);            /* configuration writes dropped */
    CHECK_EQ(in(p, 0xcfc, 2), 0x8086);
    out(p, 0xcf8, 4, 0x80000800U);
    CHECK_EQ(in(p, 0xcfc, 4), 0xffffffffU);
    CHECK_EQ(seen.resets, 0);
    out(p, 0xcf9, 1, 0x02);
    CHECK_EQ(seen.resets, 0);
    out(p, 0xcf9, 1, 0x06);
    CHECK_EQ(seen.resets, 1);
    CHECK(seen.d == &dom);
    CHECK_EQ(in(p, 0x64, 1) & 0x02, 0);       /* input buffer empty: kb_wait passes */
    out(p, 0x64, 1, 0xfe);
    CHECK_EQ(seen.resets, 2);
    out(p, 0x92, 1, 0x01);
    CHECK_EQ(seen.resets, 3);
    CHECK_EQ(in(p, 0x60, 1), 0x00);
    /* ACPI PM1a: enable reads back, control keeps SCI_EN. */
    out(p, 0x602, 2, 0x0400);
    CHECK_EQ(in(p, 0x602, 2), 0x0400);
    CHECK_EQ(in(p, 0x600, 4), 0x04000000);
    CHECK_EQ(in(p, 0x604, 2), 0x0001);
    host_set_now_ns(2000000000ULL);           /* PM timer: 2 s = 7159090 counts */
    CHECK_EQ(in(p, 0x608, 4), 7159090);
    out(p, 0x608, 4, 0);                      /* read-only */
    CHECK_EQ(in(p, 0x608, 4), 7159090);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_uart_console)
{
    struct hvm_platform *p = make(1);

    out(p, 0x3f8, 1, 'o');
    out(p, 0x3f8, 1, 'k');
    CHECK_EQ(seen.out_len, 0);
    out(p, 0x3f8, 1, '\n');
    CHECK_EQ(seen.out_len, 3);
    CHECK(memcmp(seen.out, "ok\n", 3) == 0);
    out(p, 0x3f8, 1, '#');
    CHECK_EQ(hvm_platform_advance(p, 0), 0);  /* no timers running */
    CHECK_EQ(seen.out_len, 4);                /* the prompt is flushed */
    /* A 16-bit write to 0x3f8 is two byte writes: THR then IER. */
    out(p, 0x3f8, 2, 0x0041);
    CHECK_EQ(in(p, 0x3f9, 1), 0);
    CHECK_EQ(in(p, 0x3fd, 1), 0x60);          /* LSR: THRE | TEMT */
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_uart_input_interrupt_via_ioapic)
{
    struct hvm_platform *p = make(2);

    enable_all(p, 2);
    ioapic_route(p, 4, 0x0100000000000024ULL);   /* vector 0x24 -> APIC 1, edge */
    out(p, 0x3fc, 1, 0x08);                   /* MCR OUT2 */
    out(p, 0x3f9, 1, 0x01);                   /* IER: RX */
    seen.kicks = 0;
    hvm_platform_uart_input(p, 'x');
    CHECK_EQ(seen.kicks, 1U << 1);
    CHECK_EQ(hvm_platform_pending_vector(p, 0), -1);
    CHECK_EQ(take(p, 1), 0x24);
    CHECK_EQ(in(p, 0x3fa, 1) & 0x0f, 0x04);
    CHECK_EQ(in(p, 0x3f8, 1), 'x');
    lapic_wr(p, 1, 0xb0, 0);
    CHECK_EQ(hvm_platform_pending_vector(p, 1), -1);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_uart_tx_interrupts_keep_coming)
{
    struct hvm_platform *p = make(1);

    enable_all(p, 1);
    ioapic_route(p, 4, 0x24);                 /* edge, as the MADT has ISA IRQs */
    out(p, 0x3fc, 1, 0x08);
    out(p, 0x3f9, 1, 0x02);                   /* THRE interrupt on */
    CHECK_EQ(take(p, 0), 0x24);
    lapic_wr(p, 0, 0xb0, 0);
    /* The 8250 handler writes bytes without reading IIR (line still
     * high): every THR write must still give the next edge. */
    out(p, 0x3f8, 1, 'a');
    CHECK_EQ(take(p, 0), 0x24);
    lapic_wr(p, 0, 0xb0, 0);
    out(p, 0x3f8, 1, 'b');
    CHECK_EQ(take(p, 0), 0x24);
    lapic_wr(p, 0, 0xb0, 0);
    out(p, 0x3f9, 1, 0x00);                   /* __stop_tx */
    CHECK_EQ(hvm_platform_pending_vector(p, 0), -1);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_level_interrupt_and_eoi_broadcast)
{
    struct hvm_platform *p = make(1);

    enable_all(p, 1);
    ioapic_route(p, 4, 0x8000 | 0x44);       /* level, vector 0x44, APIC 0 */
    out(p, 0x3fc, 1, 0x08);
    out(p, 0x3f9, 1, 0x01);
    hvm_platform_uart_input(p, 'a');
    hvm_platform_uart_input(p, 'b');
    CHECK_EQ(take(p, 0), 0x44);
    CHECK_EQ(lapic_rd(p, 0, 0x180 + 0x20), 1U << 4);   /* TMR: level */
    in(p, 0x3f8, 1);                          /* one byte read, line still high */
    lapic_wr(p, 0, 0xb0, 0);                  /* EOI -> I/O APIC: remote IRR off, again */
    CHECK_EQ(take(p, 0), 0x44);
    in(p, 0x3f8, 1);                          /* FIFO empty: line low */
    lapic_wr(p, 0, 0xb0, 0);
    CHECK_EQ(hvm_platform_pending_vector(p, 0), -1);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_pit_through_ioapic_pin2)
{
    struct hvm_platform *p = make(1);
    uint64_t next;

    enable_all(p, 1);
    ioapic_route(p, 2, 0x30);
    out(p, 0x43, 1, 0x34);
    out(p, 0x40, 1, 0x9b);
    out(p, 0x40, 1, 0x2e);                    /* 11931: 10 ms */
    next = hvm_platform_advance(p, 0);
    CHECK(next > 9999000 && next <= 10000000);
    host_set_now_ns(1000000);                 /* 1 ms in: 1193 ticks counted */
    out(p, 0x43, 1, 0x00);
    CHECK_EQ(in(p, 0x40, 1) | in(p, 0x40, 1) << 8, 11931 - 1193);   /* latched */
    CHECK_EQ(in(p, 0x61, 1) & 0x01, 0);       /* gate 2 low after reset */
    CHECK_EQ(hvm_platform_pending_vector(p, 0), -1);
    hvm_platform_advance(p, next);
    CHECK_EQ(take(p, 0), 0x30);
    lapic_wr(p, 0, 0xb0, 0);
    /* The LAPIC timer's deadline comes first when earlier. */
    lapic_wr(p, 0, 0x3e0, 0xb);
    lapic_wr(p, 0, 0x320, 0xef);
    host_set_now_ns(next);
    lapic_wr(p, 0, 0x380, 1000);
    CHECK_EQ(hvm_platform_advance(p, next), next + 1000);
    seen.kicks = 0;
    hvm_platform_advance(p, next + 1000);
    CHECK_EQ(seen.kicks, 1);
    CHECK_EQ(take(p, 0), 0xef);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_pic_extint_on_vcpu0)
{
    struct hvm_platform *p = make(2);
    uint64_t next;

    /* Linux's init_8259A, then unmask IRQ0. */
    out(p, 0x20, 1, 0x11); out(p, 0x21, 1, 0x30); out(p, 0x21, 1, 0x04); out(p, 0x21, 1, 0x01);
    out(p, 0xa0, 1, 0x11); out(p, 0xa1, 1, 0x38); out(p, 0xa1, 1, 0x02); out(p, 0xa1, 1, 0x01);
    out(p, 0x21, 1, 0xfa);
    CHECK_EQ(in(p, 0x21, 1), 0xfa);
    out(p, 0x43, 1, 0x34);
    out(p, 0x40, 1, 100);
    out(p, 0x40, 1, 0);
    next = hvm_platform_advance(p, 0);
    seen.kicks = 0;
    hvm_platform_advance(p, next);
    CHECK_EQ(seen.kicks, 1);                  /* vCPU 0 (virtual wire) */
    CHECK_EQ(hvm_platform_pending_vector(p, 1), -1);
    CHECK_EQ(take(p, 0), 0x30);
    out(p, 0x20, 1, 0x0b);
    CHECK_EQ(in(p, 0x20, 1), 0x01);           /* in service at the PIC */
    out(p, 0x20, 1, 0x20);
    /* An APIC vector wins over the PIC. */
    hvm_platform_advance(p, 2 * next);
    lapic_wr(p, 0, 0x300, 0x00044050);        /* self IPI 0x50 */
    CHECK_EQ(take(p, 0), 0x50);
    CHECK_EQ(take(p, 0), 0x30);
    out(p, 0x20, 1, 0x20);
    /* Masking LINT0 cuts the PIC off. */
    hvm_platform_advance(p, 3 * next);
    lapic_wr(p, 0, 0x350, 0x10700);
    CHECK_EQ(hvm_platform_pending_vector(p, 0), -1);
    /* Acking a vector that was not offered by the PIC goes to the APIC. */
    hvm_platform_ack_vector(p, 0, 0x30);
    hvm_platform_ack_vector(p, 0, 300);
    hvm_platform_ack_vector(p, 5, 0x30);
    CHECK_EQ(hvm_platform_pending_vector(p, 5), -1);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_ipis)
{
    struct hvm_platform *p = make(4);

    enable_all(p, 4);
    /* Physical fixed IPI to APIC 2. */
    seen.kicks = 0;
    lapic_wr(p, 0, 0x310, 2U << 24);
    lapic_wr(p, 0, 0x300, 0x000040f1);
    CHECK_EQ(seen.kicks, 1U << 2);
    CHECK_EQ(take(p, 2), 0xf1);
    lapic_wr(p, 2, 0xb0, 0);
    CHECK_EQ(lapic_rd(p, 0, 0x300) & (1U << 12), 0);   /* delivery status idle */
    /* To a non-existent APIC id: nobody. */
    seen.kicks = 0;
    lapic_wr(p, 0, 0x310, 7U << 24);
    lapic_wr(p, 0, 0x300, 0x000040f2);
    CHECK_EQ(seen.kicks, 0);
    /* All but self, all including self. */
    lapic_wr(p, 1, 0x300, 0x000c40f3);
    CHECK_EQ(seen.kicks, 0xd);
    seen.kicks = 0;
    lapic_wr(p, 1, 0x300, 0x000840f4);
    CHECK_EQ(seen.kicks, 0xf);
    CHECK_EQ(take(p, 1), 0xf4);
    /* Logical flat: LDR bits of vCPUs 1 and 3, lowest priority to the first. */
    lapic_wr(p, 1, 0xd0, 0x02000000);
    lapic_wr(p, 3, 0xd0, 0x08000000);
    for (uint32_t i = 0; i < 4; i++) {
        lapic_wr(p, i, 0xb0, 0);
        while (take(p, i) >= 0)
            lapic_wr(p, i, 0xb0, 0);
    }
    seen.kicks = 0;
    lapic_wr(p, 0, 0x310, 0x0a000000);
    lapic_wr(p, 0, 0x300, 0x00004861);        /* logical, fixed */
    CHECK_EQ(seen.kicks, 0xa);
    seen.kicks = 0;
    lapic_wr(p, 0, 0x300, 0x00004962);        /* logical, lowest priority */
    CHECK_EQ(seen.kicks, 0x2);
    /* NMI. */
    lapic_wr(p, 0, 0x310, 3U << 24);
    lapic_wr(p, 0, 0x300, 0x00004400);
    CHECK(hvm_platform_take_nmi(p, 3));
    CHECK(!hvm_platform_take_nmi(p, 3));
    CHECK(!hvm_platform_take_nmi(p, 9));
    /* INIT (assert), INIT de-assert (ignored), SIPI. */
    lapic_wr(p, 0, 0x310, 1U << 24);
    lapic_wr(p, 0, 0x300, 0x0000c500);
    CHECK_EQ(seen.inits, 1U << 1);
    CHECK_EQ(lapic_rd(p, 1, 0xf0), 0xff);     /* INIT reset the target */
    lapic_wr(p, 0, 0x300, 0x00008500);
    CHECK_EQ(seen.inits, 1U << 1);
    lapic_wr(p, 0, 0x300, 0x0000469a);
    CHECK_EQ(seen.sipis, 1U << 1);
    CHECK_EQ(seen.sipi_vector, 0x9a);
    /* SMI: not modelled. */
    seen.kicks = 0;
    lapic_wr(p, 0, 0x300, 0x00004200);
    CHECK_EQ(seen.kicks, 0);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_mmio_odd_accesses)
{
    struct hvm_platform *p = make(2);
    uint64_t v;

    CHECK_EQ(lapic_rd(p, 1, 0x20), 1U << 24);
    CHECK_EQ(lapic_rd(p, 0, 0x30), 0x00050014);
    v = 0;
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x32, 2, false, &v));
    CHECK_EQ(v, 0x0005);
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x33, 1, false, &v));
    CHECK_EQ(v, 0x00);
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x32, 4, false, &v));
    CHECK_EQ(v, 0x0005);                      /* crosses into the reserved bytes */
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x30, 8, false, &v));
    CHECK_EQ(v, 0x00050014);
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0xffe, 4, false, &v));
    CHECK_EQ(v, 0);                           /* runs off the page */
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x30, 3, false, &v));
    CHECK_EQ(v, ~0ULL);                       /* bad size */
    v = 0x80;
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x80, 2, true, &v));   /* narrow write: dropped */
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x84, 4, true, &v));   /* unaligned: dropped */
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x80, 3, true, &v));
    CHECK_EQ(lapic_rd(p, 0, 0x80), 0);
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_LAPIC_BASE + 0x80, 8, true, &v));   /* 8 bytes: low half */
    CHECK_EQ(lapic_rd(p, 0, 0x80), 0x80);
    CHECK(!hvm_platform_mmio(p, 0, 0xfed00000ULL, 4, false, &v));  /* no HPET */
    CHECK(!hvm_platform_mmio(p, 0, 0x1000, 4, true, &v));
    CHECK(!hvm_platform_mmio(p, 7, HVM_PLATFORM_LAPIC_BASE, 4, false, &v));
    /* IOAPIC: byte index write, sub-word reads, reserved offsets. */
    v = 1;
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE, 1, true, &v));
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE + 0x10, 4, false, &v));
    CHECK_EQ(v, 0x00170011);
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE + 0x12, 1, false, &v));
    CHECK_EQ(v, 0x17);
    v = 0x0f000000;
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE + 0x10, 2, true, &v));  /* narrow window write */
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE + 0x40, 4, true, &v));
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE + 0x40, 4, false, &v));
    CHECK_EQ(v, 0);
    CHECK(hvm_platform_mmio(p, 0, HVM_PLATFORM_IOAPIC_BASE, 4, false, &v));
    CHECK_EQ(v, 1);
    /* The APIC page of a vCPU whose APIC is off: nothing answers. */
    v = 0xfee00000ULL;
    CHECK(hvm_platform_msr(p, 1, 0x1b, true, &v));
    CHECK(hvm_platform_mmio(p, 1, HVM_PLATFORM_LAPIC_BASE + 0x20, 4, false, &v));
    CHECK_EQ(v, 0xffffffffULL);
    CHECK(hvm_platform_mmio(p, 1, HVM_PLATFORM_LAPIC_BASE + 0x20, 4, true, &v));
    /* A moved APIC base moves the page. */
    v = 0xfed00800ULL;
    CHECK(hvm_platform_msr(p, 1, 0x1b, true, &v));
    CHECK(hvm_platform_mmio(p, 1, 0xfed00020ULL, 4, false, &v));
    CHECK_EQ(v, 1U << 24);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_msrs)
{
    struct hvm_platform *p = make(2);
    uint64_t v = 0;

    CHECK(hvm_platform_msr(p, 0, 0x1b, false, &v));
    CHECK_EQ(v, 0xfee00900ULL);
    CHECK(!hvm_platform_msr(p, 0, 0x10, false, &v));          /* not ours */
    CHECK(!hvm_platform_msr(p, 9, 0x1b, false, &v));
    CHECK(!hvm_platform_msr(p, 0, 0x802, false, &v));         /* xAPIC mode: #GP */
    v = 0xfee00d00ULL;
    CHECK(hvm_platform_msr(p, 0, 0x1b, true, &v));            /* to x2APIC */
    v = 0xfee00900ULL;
    CHECK(!hvm_platform_msr(p, 0, 0x1b, true, &v));           /* back to xAPIC: #GP */
    CHECK(hvm_platform_msr(p, 0, 0x802, false, &v));
    CHECK_EQ(v, 0);
    v = 0x1ff;
    CHECK(hvm_platform_msr(p, 1, 0x1b, false, &v));
    v = 0xfee00c00ULL;
    CHECK(hvm_platform_msr(p, 1, 0x1b, true, &v));
    v = 0x1ff;
    CHECK(hvm_platform_msr(p, 1, 0x80f, true, &v));
    v = (1ULL << 32) | 0x4055;                                /* x2APIC IPI to APIC 1 */
    seen.kicks = 0;
    CHECK(hvm_platform_msr(p, 0, 0x830, true, &v));
    CHECK_EQ(seen.kicks, 1U << 1);
    CHECK_EQ(take(p, 1), 0x55);
    /* TSC deadline: 2 GHz guest TSC starting at 1000. */
    hvm_platform_set_tsc(p, 0, 0);                            /* ignored */
    hvm_platform_set_tsc(p, 2000000, 1000);
    v = (2U << 17) | 0xee;
    CHECK(hvm_platform_msr(p, 1, 0x832, true, &v));
    v = 1000 + 2 * 5000;
    CHECK(hvm_platform_msr(p, 1, 0x6e0, true, &v));
    CHECK(hvm_platform_msr(p, 1, 0x6e0, false, &v));
    CHECK_EQ(v, 11000);
    CHECK_EQ(hvm_platform_advance(p, 0), 5000);
    hvm_platform_advance(p, 5000);
    CHECK_EQ(take(p, 1), 0xee);
    v = 10;                                                   /* before tsc_at_zero: at once */
    CHECK(hvm_platform_msr(p, 1, 0x6e0, true, &v));
    CHECK_EQ(hvm_platform_advance(p, 6000), 0);
    CHECK_EQ(take(p, 1), -1);                                 /* 0xee still in service */
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_rtc_and_configuration)
{
    struct hvm_platform *p = make(1);

    enable_all(p, 1);
    hvm_platform_set_wallclock(p, 0);
    hvm_platform_set_memory(p, 512ULL << 20, 0);
    out(p, 0x70, 1, 0x09);
    CHECK_EQ(in(p, 0x71, 1), 0x70);           /* 1970 */
    out(p, 0x70, 1, 0x35);
    CHECK_EQ(in(p, 0x71, 1), ((512 - 16) << 4) >> 8);
    /* Periodic interrupt through I/O APIC pin 8. */
    ioapic_route(p, 8, 0x38);
    out(p, 0x70, 1, 0x0b);
    out(p, 0x71, 1, 0x42);
    CHECK_EQ(hvm_platform_advance(p, 0), 976562);
    hvm_platform_advance(p, 976562);
    CHECK_EQ(take(p, 0), 0x38);
    out(p, 0x70, 1, 0x0c);
    CHECK_EQ(in(p, 0x71, 1), 0xc0);           /* acknowledges: line low */
    lapic_wr(p, 0, 0xb0, 0);
    hvm_platform_advance(p, 2 * 976562);
    CHECK_EQ(take(p, 0), 0x38);               /* a new edge */
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_null_hooks)
{
    struct hvm_platform *p = NULL;
    static const struct hvm_platform_hooks none;

    machine(64, 0);
    CHECK_EQ(hvm_platform_create(&dom, 2, &none, &p), STATUS_OK);
    enable_all(p, 2);
    out(p, 0x3f8, 1, '\n');
    out(p, 0x64, 1, 0xfe);
    lapic_wr(p, 0, 0x310, 1U << 24);
    lapic_wr(p, 0, 0x300, 0x0000c500);
    lapic_wr(p, 0, 0x300, 0x00004699);
    lapic_wr(p, 0, 0x300, 0x00004041);
    CHECK_EQ(hvm_platform_pending_vector(p, 1), -1);          /* INIT reset it: disabled */
    CHECK_EQ(seen.out_len + seen.resets + seen.kicks, 0);
    hvm_platform_destroy(p);
}

UNIT_TEST(platform_acpi_s5_powers_off)
{
    struct hvm_platform *p = make(1);
    static const struct hvm_platform_hooks none;

    out(p, 0x604, 2, 0x1401);                 /* Linux: SLP_TYP 5 first ... */
    CHECK_EQ(seen.poweroffs, 0);
    out(p, 0x604, 2, 0x0401);                 /* S1 with SLP_EN: not a power-off */
    out(p, 0x604, 2, 0x2401);
    CHECK_EQ(seen.poweroffs, 0);
    out(p, 0x604, 2, 0x3401);                 /* ... then SLP_EN with it */
    CHECK_EQ(seen.poweroffs, 1);
    CHECK(seen.d == &dom);
    out(p, 0x605, 1, 0x34);                   /* a byte write does it too */
    CHECK_EQ(seen.poweroffs, 2);
    CHECK_EQ(seen.resets, 0);
    hvm_platform_destroy(p);
    p = NULL;
    CHECK_EQ(hvm_platform_create(&dom, 1, &none, &p), STATUS_OK);
    out(p, 0x604, 2, 0x3401);                 /* no hook: nothing happens */
    CHECK_EQ(seen.poweroffs, 2);
    hvm_platform_destroy(p);
}
