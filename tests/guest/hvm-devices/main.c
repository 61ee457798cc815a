/* SPDX-License-Identifier: MIT */
/* hvm-devices: the PIC, PIT, I/O APIC, UART, PCI conf1 and RTC models as a PC guest sees them. */
#include "guest.h"
#include "hvm64.h"

const char test_title[] = "hvm-devices: vPIC+vPIT, vIOAPIC, vUART, vPCI, vRTC, PIT channel 2";

#define PIC_VECTOR_BASE  0x20     /* IRQ0 of the master PIC */
#define IOAPIC_VECTOR    0x48     /* PIT through I/O APIC pin 2 */
#define WATCHDOG_VECTOR  0x50     /* LAPIC one-shot: ends a wait */
#define LAPIC_LVT_LINT0  0x350
#define LVT_EXTINT       (7U << 8)
#define LVT_MASKED       (1U << 16)
#define DIVIDE_BY_1      0xb
#define LAPIC_NS_TICKS   1ULL     /* the 1 GHz bus clock: one tick a ns */
#define PIT_1MS          1193U    /* 1.193182 MHz input */
#define PIT_TICKS        5U
#define IOAPIC_BASE      0xfec00000UL
#define IOAPIC_PIN_PIT   2U
#define UART             0x3f8
#define PCI_ADDR         0xcf8
#define PCI_DATA         0xcfc
#define CMOS_INDEX       0x70
#define CMOS_DATA        0x71

static volatile unsigned int pic_irqs, ioapic_irqs, watchdog_fired;

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static void pic_irq0(unsigned int vector)
{
    (void)vector;
    pic_irqs++;
    outb(0x20, 0x20);                       /* non-specific EOI to the master */
}

static void ioapic_irq(unsigned int vector)
{
    (void)vector;
    ioapic_irqs++;
    lapic_write(LAPIC_EOI, 0);
}

static void watchdog(unsigned int vector)
{
    (void)vector;
    watchdog_fired = 1;
    lapic_write(LAPIC_EOI, 0);
}

/* Halt until *counter reaches target or ms of guest time pass (LAPIC one-shot). */
static void wait_for(volatile unsigned int *counter, unsigned int target, uint32_t ms)
{
    watchdog_fired = 0;
    lapic_write(LAPIC_LVT_TIMER, WATCHDOG_VECTOR);
    lapic_write(LAPIC_TIMER_INIT, ms * 1000000U * LAPIC_NS_TICKS);
    while (*counter < target && !watchdog_fired)
        safe_halt();
    irq_disable();
    lapic_write(LAPIC_TIMER_INIT, 0);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
}

/* Both 8259As initialised (ICW1-4), vectors 0x20/0x28, every line masked. */
static void pic_init(void)
{
    outb(0x20, 0x11);
    outb(0x21, PIC_VECTOR_BASE);
    outb(0x21, 0x04);                       /* slave on IRQ2 */
    outb(0x21, 0x01);                       /* 8086 mode */
    outb(0xa0, 0x11);
    outb(0xa1, PIC_VECTOR_BASE + 8);
    outb(0xa1, 0x02);
    outb(0xa1, 0x01);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

/* PIT channel 0, mode 2 (rate generator), count. */
static void pit_ch0_periodic(uint16_t count)
{
    outb(0x43, 0x34);
    outb(0x40, (uint8_t)count);
    outb(0x40, (uint8_t)(count >> 8));
}

/* PIT channel 0 stopped: mode 0 with the first count byte only. */
static void pit_ch0_stop(void)
{
    outb(0x43, 0x30);
    outb(0x40, 0);
}

/* (1) IRQ0 through the PIC and LINT0 in ExtINT mode. */
static void check_pic_pit(void)
{
    pic_init();
    check_eq(inb(0x21), 0xffU, "PIC master IMR after init");
    outb(0x21, 0xfe);                       /* IRQ0 only */
    check_eq(inb(0x21), 0xfeU, "PIC master IMR read-back");
    lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT);
    pit_ch0_periodic(PIT_1MS);
    wait_for(&pic_irqs, PIT_TICKS, 500);
    outb(0x21, 0xff);
    check(pic_irqs >= PIT_TICKS, "PIC IRQ0 at vector %#x: %u of %u in 500 ms (LINT0 ExtINT)",
          PIC_VECTOR_BASE, pic_irqs, PIT_TICKS);
    outb(0x20, 0x0b);                       /* OCW3: read ISR */
    check_eq(inb(0x20), 0U, "PIC master ISR after the EOIs");
}

static uint32_t ioapic_read(uint32_t reg)
{
    mmio_write32(IOAPIC_BASE, reg);
    return mmio_read32(IOAPIC_BASE + 0x10);
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
    mmio_write32(IOAPIC_BASE, reg);
    mmio_write32(IOAPIC_BASE + 0x10, v);
}

/* (2) IRQ0 through I/O APIC pin 2 to this LAPIC, the PIC masked. */
static void check_ioapic(void)
{
    uint32_t ver = ioapic_read(1);
    uint32_t apic_id = lapic_read(LAPIC_ID) >> 24;
    uint32_t rte = 0x10 + 2 * IOAPIC_PIN_PIT;

    check_eq(ver & 0xffU, 0x11U, "I/O APIC version");
    check_eq((ver >> 16) & 0xffU, 23U, "I/O APIC max redirection entry");
    check(ioapic_read(rte) & LVT_MASKED, "I/O APIC pin 2 not masked at reset: %#x",
          ioapic_read(rte));
    ioapic_write(rte + 1, apic_id << 24);
    ioapic_write(rte, IOAPIC_VECTOR);       /* fixed, physical, edge, high, unmasked */
    check_eq(ioapic_read(rte), (uint32_t)IOAPIC_VECTOR, "I/O APIC pin 2 RTE read-back");
    pit_ch0_periodic(PIT_1MS);
    wait_for(&ioapic_irqs, PIT_TICKS, 500);
    ioapic_write(rte, LVT_MASKED | IOAPIC_VECTOR);
    pit_ch0_stop();
    check(ioapic_irqs >= PIT_TICKS, "I/O APIC pin 2 at vector %#x: %u of %u in 500 ms",
          IOAPIC_VECTOR, ioapic_irqs, PIT_TICKS);
}

/* (3) 16550: scratch, divisor latch, loopback. */
static void check_uart(void)
{
    uint8_t mcr = inb(UART + 4), lcr = inb(UART + 3);

    outb(UART + 7, 0x5a);
    check_eq(inb(UART + 7), 0x5aU, "UART scratch register");
    outb(UART + 3, 0x80 | 0x03);            /* DLAB */
    outb(UART + 0, 0x0c);
    outb(UART + 1, 0x01);
    check_eq(inb(UART + 0), 0x0cU, "UART divisor latch low");
    check_eq(inb(UART + 1), 0x01U, "UART divisor latch high");
    outb(UART + 3, 0x03);
    check_eq(inb(UART + 3), 0x03U, "UART LCR after DLAB cleared");
    outb(UART + 4, 0x13);                   /* loopback, RTS, DTR; OUT2 off: no IRQ */
    check_eq(inb(UART + 6) & 0xf0U, 0x30U, "UART MSR in loopback (CTS, DSR)");
    for (int i = 0; i < 32 && (inb(UART + 5) & 0x01); i++)
        (void)inb(UART);
    check_eq(inb(UART + 5) & 0x01U, 0U, "UART LSR.DR with nothing received");
    outb(UART, 'S');
    check_eq(inb(UART + 5) & 0x01U, 0x01U, "UART LSR.DR after a loopback byte");
    check_eq(inb(UART), (uint8_t)'S', "UART RBR after a loopback byte");
    check_eq(inb(UART + 5) & 0x01U, 0U, "UART LSR.DR after RBR read");
    outb(UART + 3, lcr);
    outb(UART + 4, mcr);
}

/* (4) PCI configuration mechanism 1. */
static void check_pci(void)
{
    outl(PCI_ADDR, 0x80000000U);            /* 00:00.0 register 0 */
    check_eq(inl(PCI_ADDR), 0x80000000U, "PCI address register read-back");
    check_eq(inl(PCI_DATA), 0x12378086U, "PCI 00:00.0 device:vendor");
    check_eq(inw(PCI_DATA + 2), 0x1237U, "PCI 00:00.0 device id by word");
    outl(PCI_ADDR, 0x80000800U);            /* 00:01.0: absent */
    check_eq(inl(PCI_DATA), 0xffffffffU, "PCI absent device 00:01.0");
    outl(PCI_ADDR, 0x00000000U);            /* enable bit clear */
    check_eq(inl(PCI_DATA), 0xffffffffU, "PCI data with the enable bit clear");
}

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static unsigned int rtc_seconds(bool binary)
{
    uint8_t s = cmos_read(0x00);

    return binary ? s : (s >> 4) * 10U + (s & 0x0fU);
}

/* (5) RTC: registers A and B, the seconds counter over 1.2 s. */
static void check_rtc(void)
{
    uint8_t a = cmos_read(0x0a), b = cmos_read(0x0b);
    bool binary = (b & 0x04) != 0;
    unsigned int s0, s1, diff;
    static volatile unsigned int never;

    check_eq(a & 0x7fU, 0x26U, "RTC register A (divider, rate)");
    check(b & 0x02, "RTC register B %#x: not 24-hour", b);
    check_eq(cmos_read(0x0d) & 0x80U, 0x80U, "RTC register D valid-RAM bit");
    s0 = rtc_seconds(binary);
    check(s0 < 60, "RTC seconds %u out of range", s0);
    wait_for(&never, 1, 1200);
    s1 = rtc_seconds(binary);
    diff = (s1 + 60 - s0) % 60;
    check(diff == 1 || diff == 2, "RTC seconds %u -> %u over 1.2 s", s0, s1);
}

/* (6) PIT channel 2 gated by port 0x61 bit 0, OUT2 in bit 5 (Linux's calibration). */
static void check_pit_ch2(void)
{
    uint8_t sysctl = inb(0x61);
    unsigned int polls = 0;

    outb(0x61, (sysctl & ~0x02) | 0x01);    /* gate on, speaker off */
    check_eq(inb(0x61) & 0x03U, 0x01U, "port 0x61 gate/speaker bits");
    outb(0x43, 0xb0);                       /* channel 2, low/high, mode 0 */
    outb(0x42, (uint8_t)PIT_1MS);
    outb(0x42, (uint8_t)(PIT_1MS >> 8));
    check_eq(inb(0x61) & 0x20U, 0U, "OUT2 right after a mode 0 count");
    while (!(inb(0x61) & 0x20) && polls < 1000000)
        polls++;
    check(inb(0x61) & 0x20, "OUT2 never rose (%u polls)", polls);
    outb(0x61, sysctl & ~0x03);
    check_eq(inb(0x61) & 0x01U, 0U, "port 0x61 gate off");
}

void test_main(void)
{
    hvm64_set_irq_handler(PIC_VECTOR_BASE, pic_irq0);
    hvm64_set_irq_handler(IOAPIC_VECTOR, ioapic_irq);
    hvm64_set_irq_handler(WATCHDOG_VECTOR, watchdog);
    lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | 0xff);
    lapic_write(LAPIC_TIMER_DIV, DIVIDE_BY_1);
    check_pic_pit();
    check_ioapic();
    check_uart();
    check_pci();
    check_rtc();
    check_pit_ch2();
    printk("hvm-devices: %u PIC and %u I/O APIC ticks\n", pic_irqs, ioapic_irqs);
    report_success();
}
