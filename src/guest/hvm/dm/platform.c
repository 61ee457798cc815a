/* SPDX-License-Identifier: MIT */
/* platform.c - one HVM domain's PC: port/MMIO/MSR routing, IRQ wiring, interrupt delivery, timers. */
#include "guest/hvm/dm/platform.h"
#include "arch/arch.h"
#include "core/domain.h"
#include "guest/hvm/dm/dm_time.h"
#include "guest/hvm/dm/vi8042.h"
#include "guest/hvm/dm/vioapic.h"
#include "guest/hvm/dm/vlapic.h"
#include "guest/hvm/dm/vpci.h"
#include "guest/hvm/dm/vpic.h"
#include "guest/hvm/dm/vpit.h"
#include "guest/hvm/dm/vpm1.h"
#include "guest/hvm/dm/vrtc.h"
#include "guest/hvm/dm/vuart.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define DEFAULT_WALLCLOCK  1767225600LL     /* 2026-01-01 00:00:00 UTC */
#define DEFAULT_TSC_KHZ    1000000ULL       /* 1 GHz */
#define IRQ_PIT            0U
#define IOAPIC_PIN_PIT     2U
#define NO_OFFER           (-1)

/* Hook calls gathered under the lock and made after it is dropped. */
struct platform_events {
    uint32_t kick, init, sipi;              /* vCPU bit masks */
    uint8_t sipi_vector[DOMAIN_MAX_VCPUS];
    bool reset;
    bool poweroff;
    char out[VUART_LINE];
    size_t out_len;
};

struct hvm_platform {
    struct domain *d;
    uint32_t nr_vcpus;
    unsigned int order;                     /* of the allocation */
    struct hvm_platform_hooks hooks;
    spinlock_t lock;                        /* everything below */
    uint64_t tsc_khz, tsc_at_zero;
    uint32_t isa_levels;                    /* ISA IRQ lines as the devices drive them */
    struct platform_events ev;
    struct vpic pic;
    struct vioapic ioapic;
    struct vpit pit;
    struct vuart uart;
    struct vrtc rtc;
    struct vpci pci;
    struct vi8042 kbd;
    struct vpm1 pm1;
    int pic_offer[DOMAIN_MAX_VCPUS];        /* PIC vector last offered, or NO_OFFER */
    struct vlapic lapic[DOMAIN_MAX_VCPUS];
};

/* --- Locking and deferred hooks --------------------------------------------- */

static void platform_lock(struct hvm_platform *p)
{
    spin_lock(&p->lock);
}

static void platform_run_hooks(struct hvm_platform *p, const struct platform_events *ev)
{
    const struct hvm_platform_hooks *h = &p->hooks;
    uint32_t i;

    if (ev->out_len && h->console_out)
        h->console_out(p->d, ev->out, ev->out_len);
    for (i = 0; i < p->nr_vcpus; i++) {
        if (((ev->init >> i) & 1U) && h->init_ipi)
            h->init_ipi(p->d, i);
        if (((ev->sipi >> i) & 1U) && h->startup_ipi)
            h->startup_ipi(p->d, i, ev->sipi_vector[i]);
        if (((ev->kick >> i) & 1U) && h->kick)
            h->kick(p->d, i);
    }
    if (ev->reset && h->reset)
        h->reset(p->d);
    if (ev->poweroff && h->poweroff)
        h->poweroff(p->d);
}

/* Drop the lock, then make the hook calls gathered while holding it. */
static void platform_unlock(struct hvm_platform *p)
{
    struct platform_events ev = p->ev;

    mem_set(&p->ev, 0, sizeof(p->ev));
    spin_unlock(&p->lock);
    platform_run_hooks(p, &ev);
}

/* --- Interrupt delivery ----------------------------------------------------- */

static void kick(struct hvm_platform *p, uint32_t vcpu)
{
    p->ev.kick |= 1U << vcpu;
}

/* The PIC's INT reaches vCPU 0 through LINT0 (ExtINT). */
static void pic_check(struct hvm_platform *p)
{
    if (vpic_output(&p->pic) && vlapic_extint_allowed(&p->lapic[0]))
        kick(p, 0);
}

/* One message (IPI or I/O APIC) to one local APIC. */
static void deliver_to(struct hvm_platform *p, uint32_t vcpu, uint32_t mode,
                       uint8_t vector, bool level)
{
    struct vlapic *l = &p->lapic[vcpu];

    switch (mode) {
    case VLAPIC_MODE_FIXED:
    case VLAPIC_MODE_LOWEST:
        if (vlapic_accept(l, vector, level) && vlapic_pending(l) >= 0)
            kick(p, vcpu);
        return;
    case VLAPIC_MODE_NMI:
        vlapic_accept_nmi(l);
        kick(p, vcpu);
        return;
    case VLAPIC_MODE_INIT:
        vlapic_init(l);
        p->ev.init |= 1U << vcpu;
        return;
    case VLAPIC_MODE_STARTUP:
        p->ev.sipi |= 1U << vcpu;
        p->ev.sipi_vector[vcpu] = vector;
        return;
    default:                    /* SMI, ExtINT, reserved: not modelled */
        return;
    }
}

/* Deliver to every APIC dest selects; lowest priority goes to the first. */
static void deliver_dest(struct hvm_platform *p, uint32_t dest, bool logical, bool x2apic,
                         uint32_t mode, uint8_t vector, bool level)
{
    uint32_t i;

    for (i = 0; i < p->nr_vcpus; i++) {
        if (!vlapic_match(&p->lapic[i], dest, logical, x2apic))
            continue;
        deliver_to(p, i, mode, vector, level);
        if (mode == VLAPIC_MODE_LOWEST)
            return;
    }
}

/* An ICR write of vCPU from. */
static void send_ipi(struct hvm_platform *p, uint32_t from, const struct vlapic_effect *fx)
{
    uint32_t icr = fx->icr_low, mode = VLAPIC_LVT_MODE(icr), i;
    uint32_t shorthand = VLAPIC_ICR_SHORTHAND(icr);
    uint8_t vector = (uint8_t)(icr & 0xffU);
    bool level = (icr & VLAPIC_ICR_LEVEL) != 0;

    if (mode == VLAPIC_MODE_INIT && level && !(icr & VLAPIC_ICR_ASSERT))
        return;                             /* INIT level de-assert: no action */
    if (shorthand == VLAPIC_SHORT_NONE) {
        deliver_dest(p, fx->dest, (icr & VLAPIC_ICR_LOGICAL) != 0, fx->x2apic, mode, vector, level);
        return;
    }
    for (i = 0; i < p->nr_vcpus; i++) {
        bool self = i == from;

        if ((shorthand == VLAPIC_SHORT_SELF && self) || shorthand == VLAPIC_SHORT_ALL ||
            (shorthand == VLAPIC_SHORT_OTHERS && !self))
            deliver_to(p, i, mode, vector, level);
    }
}

/* Send every message the I/O APIC has ready. */
static void ioapic_drain(struct hvm_platform *p)
{
    struct vioapic_msg msg;

    while (vioapic_next(&p->ioapic, &msg))
        deliver_dest(p, msg.dest, msg.logical, false, msg.delivery_mode, msg.vector, msg.level);
}

static void apply_effect(struct hvm_platform *p, uint32_t vcpu, const struct vlapic_effect *fx)
{
    if (fx->kind == VLAPIC_EFFECT_IPI) {
        send_ipi(p, vcpu, fx);
    } else if (fx->kind == VLAPIC_EFFECT_EOI) {
        vioapic_eoi(&p->ioapic, fx->vector);
        ioapic_drain(p);
    }
    pic_check(p);                           /* LINT0 or the APIC state may have changed */
}

/* Drive ISA IRQ irq: PIC input irq and I/O APIC pin irq (IRQ 0 on pin 2). */
static void isa_irq(struct hvm_platform *p, unsigned int irq, bool level)
{
    uint32_t bit = 1U << irq;

    if (((p->isa_levels & bit) != 0) == level)
        return;
    p->isa_levels = level ? (p->isa_levels | bit) : (p->isa_levels & ~bit);
    vpic_set_irq(&p->pic, irq, level);
    vioapic_set_irq(&p->ioapic, irq == IRQ_PIT ? IOAPIC_PIN_PIT : irq, level);
    ioapic_drain(p);
    pic_check(p);
}

/* --- Device glue ------------------------------------------------------------ */

static void uart_sync(struct hvm_platform *p, bool partial)
{
    struct platform_events *ev = &p->ev;

    ev->out_len += vuart_take_output(&p->uart, ev->out + ev->out_len,
                                     sizeof(ev->out) - ev->out_len, partial);
    if (vuart_take_thr_write(&p->uart))
        isa_irq(p, VUART_IRQ, false);       /* THRE cleared, then set again: an edge */
    isa_irq(p, VUART_IRQ, vuart_irq(&p->uart));
}

static bool is_pic_port(uint16_t port)
{
    return port == VPIC_MASTER_CMD || port == VPIC_MASTER_DATA || port == VPIC_SLAVE_CMD ||
           port == VPIC_SLAVE_DATA || port == VPIC_ELCR_MASTER || port == VPIC_ELCR_SLAVE;
}

static bool is_kbd_port(uint16_t port)
{
    return port == VI8042_PORT_DATA || port == VI8042_PORT_STATUS || port == VI8042_PORT_92 ||
           port == VI8042_PORT_CF9;
}

/* One byte of port I/O; false if no device decodes port. */
static bool pio_byte(struct hvm_platform *p, uint16_t port, bool write, uint8_t *b, uint64_t now)
{
    if (is_pic_port(port)) {
        if (write)
            vpic_write(&p->pic, port, *b);
        else
            *b = vpic_read(&p->pic, port);
        pic_check(p);
    } else if ((port >= VPIT_PORT_CH0 && port <= VPIT_PORT_CONTROL) || port == VPIT_PORT_SYSCTL) {
        if (write)
            vpit_write(&p->pit, port, *b, now);
        else
            *b = vpit_read(&p->pit, port, now);
    } else if (port == VRTC_PORT_INDEX || port == VRTC_PORT_DATA) {
        if (write)
            vrtc_write(&p->rtc, port, *b, now);
        else
            *b = vrtc_read(&p->rtc, port, now);
        isa_irq(p, VRTC_IRQ, vrtc_irq(&p->rtc));
    } else if (port >= VUART_BASE && port < VUART_BASE + 8U) {
        if (write)
            vuart_write(&p->uart, port - VUART_BASE, *b);
        else
            *b = vuart_read(&p->uart, port - VUART_BASE);
        uart_sync(p, false);
    } else if (port >= VPM1_BASE && port < VPM1_BASE + VPM1_SIZE) {
        if (write)
            p->ev.poweroff |= vpm1_write(&p->pm1, port - VPM1_BASE, *b);
        else
            *b = vpm1_read(&p->pm1, port - VPM1_BASE);
    } else if (port >= VPM1_TIMER_PORT && port < VPM1_TIMER_PORT + 4U) {
        if (!write)
            *b = vpm1_timer_read(port - VPM1_TIMER_PORT, now);
    } else if (is_kbd_port(port)) {
        if (write)
            p->ev.reset |= vi8042_write(&p->kbd, port, *b);
        else
            *b = vi8042_read(&p->kbd, port);
    } else {
        return false;
    }
    return true;
}

/* The PCI configuration ports; false if the access is not theirs (byte
 * accesses to 0xcf8-0xcfb belong to others, e.g. 0xcf9 reset control). */
static bool pio_pci(struct hvm_platform *p, uint16_t port, unsigned int size, bool write,
                    uint32_t *val)
{
    if (port == VPCI_PORT_ADDRESS && size == 4) {
        if (write)
            vpci_address_write(&p->pci, *val);
        else
            *val = vpci_address_read(&p->pci);
        return true;
    }
    if (port < VPCI_PORT_DATA || port > VPCI_PORT_DATA + 3U)
        return false;
    if (!write)
        *val = vpci_data_read(&p->pci, port - VPCI_PORT_DATA, size);
    return true;                            /* configuration writes are dropped */
}

void hvm_platform_pio(struct hvm_platform *p, uint32_t vcpu, uint16_t port,
                      unsigned int size, bool write, uint32_t *val)
{
    uint64_t now = arch_now_ns();
    uint32_t result = 0;
    unsigned int i;

    (void)vcpu;
    if (size != 1 && size != 2 && size != 4) {
        if (!write)
            *val = 0xffffffffU;
        return;
    }
    platform_lock(p);
    if (!pio_pci(p, port, size, write, val)) {
        for (i = 0; i < size; i++) {
            uint8_t b = (uint8_t)(*val >> (8 * i));

            if (!pio_byte(p, (uint16_t)(port + i), write, &b, now))
                b = 0xff;
            result |= (uint32_t)b << (8 * i);
        }
        if (!write)
            *val = result;
    }
    platform_unlock(p);
}

/* --- MMIO ------------------------------------------------------------------- */

/* Byte i of a page of 32-bit registers on 16-byte strides: bytes 4-15 of
 * each stride are reserved and read 0. */
static uint8_t reg_byte(struct hvm_platform *p, uint32_t vcpu, bool lapic, uint64_t off,
                        uint64_t now)
{
    uint32_t reg = (uint32_t)(off & ~0xfULL), within = (uint32_t)(off & 0xfU);
    uint32_t dword;

    if (within >= 4 || off >= 0x1000)
        return 0;
    dword = lapic ? vlapic_read(&p->lapic[vcpu], reg, now) : vioapic_read(&p->ioapic, reg);
    return (uint8_t)(dword >> (8 * within));
}

static uint64_t mmio_read(struct hvm_platform *p, uint32_t vcpu, bool lapic, uint64_t off,
                          unsigned int size, uint64_t now)
{
    uint64_t val = 0;
    unsigned int i;

    for (i = 0; i < size; i++)
        val |= (uint64_t)reg_byte(p, vcpu, lapic, off + i, now) << (8 * i);
    return val;
}

/* Writes count only at the start of a register, 32 bits wide (a byte
 * write to IOREGSEL is accepted, as the 82093AA decodes it). */
static void mmio_write(struct hvm_platform *p, uint32_t vcpu, bool lapic, uint64_t off,
                       unsigned int size, uint64_t val, uint64_t now)
{
    struct vlapic_effect fx;

    if ((off & 0xfU) != 0)
        return;
    if (!lapic) {
        if (size >= 4 || off == VIOAPIC_REGSEL)
            vioapic_write(&p->ioapic, (uint32_t)off, (uint32_t)val);
        ioapic_drain(p);
        return;
    }
    if (size < 4)
        return;
    vlapic_write(&p->lapic[vcpu], (uint32_t)off, (uint32_t)val, now, &fx);
    apply_effect(p, vcpu, &fx);
}

bool hvm_platform_mmio(struct hvm_platform *p, uint32_t vcpu, uint64_t gpa,
                       unsigned int size, bool write, uint64_t *val)
{
    uint64_t now = arch_now_ns(), lapic_base;
    bool lapic, ok = true;

    if (vcpu >= p->nr_vcpus)
        return false;
    platform_lock(p);
    lapic_base = vlapic_base(&p->lapic[vcpu]) & VLAPIC_BASE_ADDR_MASK;
    lapic = gpa >= lapic_base && gpa < lapic_base + VLAPIC_SIZE;
    if (!lapic && (gpa < VIOAPIC_BASE || gpa >= VIOAPIC_BASE + VIOAPIC_SIZE)) {
        ok = false;
    } else if (size != 1 && size != 2 && size != 4 && size != 8) {
        if (!write)
            *val = ~0ULL;
    } else if (lapic && !vlapic_xapic_mode(&p->lapic[vcpu])) {
        if (!write)
            *val = ~0ULL >> (64 - 8 * size);   /* the page is off: nothing answers */
    } else if (write) {
        mmio_write(p, vcpu, lapic, gpa - (lapic ? lapic_base : VIOAPIC_BASE), size, *val, now);
    } else {
        *val = mmio_read(p, vcpu, lapic, gpa - (lapic ? lapic_base : VIOAPIC_BASE), size, now);
    }
    platform_unlock(p);
    return ok;
}

/* --- MSRs ------------------------------------------------------------------- */

/* The now_ns time at which the guest TSC reads tsc. */
static uint64_t tsc_to_ns(const struct hvm_platform *p, uint64_t tsc)
{
    if (tsc <= p->tsc_at_zero)
        return 0;
    return dm_scale(tsc - p->tsc_at_zero, 1000000ULL, p->tsc_khz);
}

static bool msr_access(struct hvm_platform *p, uint32_t vcpu, uint32_t msr, bool write,
                       uint64_t *val, uint64_t now)
{
    struct vlapic *l = &p->lapic[vcpu];
    struct vlapic_effect fx = { .kind = VLAPIC_EFFECT_NONE };
    bool ok = true;

    if (msr == VLAPIC_MSR_BASE) {
        if (!write)
            *val = vlapic_base(l);
        else
            ok = vlapic_set_base(l, *val);
    } else if (msr == VLAPIC_MSR_TSC_DEADLINE) {
        if (!write)
            *val = vlapic_tsc_deadline_read(l);
        else
            vlapic_tsc_deadline_write(l, *val, tsc_to_ns(p, *val), now);
    } else if (msr >= VLAPIC_MSR_X2APIC_FIRST && msr <= VLAPIC_MSR_X2APIC_LAST) {
        if (!write)
            ok = vlapic_msr_read(l, msr, now, val);
        else
            ok = vlapic_msr_write(l, msr, *val, now, &fx);
    } else {
        return false;
    }
    apply_effect(p, vcpu, &fx);
    return ok;
}

bool hvm_platform_msr(struct hvm_platform *p, uint32_t vcpu, uint32_t msr,
                      bool write, uint64_t *val)
{
    uint64_t now = arch_now_ns();
    bool ok;

    if (vcpu >= p->nr_vcpus)
        return false;
    platform_lock(p);
    ok = msr_access(p, vcpu, msr, write, val, now);
    platform_unlock(p);
    return ok;
}

/* --- Time --------------------------------------------------------------------- */

static uint64_t earliest(uint64_t a, uint64_t b)
{
    if (a == 0)
        return b;
    return (b != 0 && b < a) ? b : a;
}

uint64_t hvm_platform_advance(struct hvm_platform *p, uint64_t now_ns)
{
    uint64_t next = 0;
    uint32_t i;

    platform_lock(p);
    for (i = 0; i < p->nr_vcpus; i++) {
        if (vlapic_timer_advance(&p->lapic[i], now_ns) && vlapic_pending(&p->lapic[i]) >= 0)
            kick(p, i);
        next = earliest(next, vlapic_timer_expiry(&p->lapic[i]));
    }
    if (vpit_advance(&p->pit, now_ns)) {
        isa_irq(p, IRQ_PIT, true);          /* one rising edge of OUT0 */
        isa_irq(p, IRQ_PIT, false);
    }
    isa_irq(p, VRTC_IRQ, vrtc_advance(&p->rtc, now_ns));
    uart_sync(p, true);
    next = earliest(next, vpit_next_irq_ns(&p->pit));
    next = earliest(next, vrtc_next_ns(&p->rtc));
    platform_unlock(p);
    return next;
}

/* --- Interrupt acceptance ------------------------------------------------------ */

int hvm_platform_pending_vector(struct hvm_platform *p, uint32_t vcpu)
{
    int vector = -1;

    if (vcpu >= p->nr_vcpus)
        return -1;
    platform_lock(p);
    p->pic_offer[vcpu] = NO_OFFER;
    vector = vlapic_pending(&p->lapic[vcpu]);
    if (vector < 0 && vcpu == 0 && vlapic_extint_allowed(&p->lapic[0])) {
        vector = vpic_pending_vector(&p->pic);
        p->pic_offer[0] = vector;
    }
    platform_unlock(p);
    return vector;
}

void hvm_platform_ack_vector(struct hvm_platform *p, uint32_t vcpu, int vector)
{
    if (vcpu >= p->nr_vcpus || vector < 0 || vector > 255)
        return;
    platform_lock(p);
    if (p->pic_offer[vcpu] != NO_OFFER && p->pic_offer[vcpu] == vector) {
        (void)vpic_ack(&p->pic);            /* INTA: the PIC's request goes in service */
        pic_check(p);
    } else {
        vlapic_ack(&p->lapic[vcpu], (uint8_t)vector);
    }
    p->pic_offer[vcpu] = NO_OFFER;
    platform_unlock(p);
}

bool hvm_platform_take_nmi(struct hvm_platform *p, uint32_t vcpu)
{
    bool nmi;

    if (vcpu >= p->nr_vcpus)
        return false;
    platform_lock(p);
    nmi = vlapic_take_nmi(&p->lapic[vcpu]);
    platform_unlock(p);
    return nmi;
}

void hvm_platform_uart_input(struct hvm_platform *p, uint8_t byte)
{
    platform_lock(p);
    vuart_input(&p->uart, byte);
    uart_sync(p, false);
    platform_unlock(p);
}

/* --- Configuration ------------------------------------------------------------- */

void hvm_platform_set_tsc(struct hvm_platform *p, uint64_t tsc_khz, uint64_t tsc_at_zero)
{
    if (tsc_khz == 0 || tsc_khz > 0xffffffffULL)
        return;
    platform_lock(p);
    p->tsc_khz = tsc_khz;
    p->tsc_at_zero = tsc_at_zero;
    platform_unlock(p);
}

void hvm_platform_set_wallclock(struct hvm_platform *p, int64_t unix_seconds_at_zero)
{
    platform_lock(p);
    vrtc_reset(&p->rtc, unix_seconds_at_zero);
    platform_unlock(p);
}

void hvm_platform_set_memory(struct hvm_platform *p, uint64_t below_4g_bytes,
                             uint64_t above_4g_bytes)
{
    platform_lock(p);
    vrtc_set_memory(&p->rtc, below_4g_bytes, above_4g_bytes);
    platform_unlock(p);
}

/* --- Life cycle ---------------------------------------------------------------- */

/* vCPU 0's APIC as a PC BIOS leaves it: software-enabled, LINT0 ExtINT
 * (the 8259A's virtual wire), LINT1 NMI. */
static void bsp_virtual_wire(struct vlapic *l)
{
    struct vlapic_effect fx;

    vlapic_write(l, VLAPIC_REG_SVR, 0x1ffU, 0, &fx);
    vlapic_write(l, VLAPIC_REG_LVT_LINT0, VLAPIC_MODE_EXTINT << 8, 0, &fx);
    vlapic_write(l, VLAPIC_REG_LVT_LINT1, VLAPIC_MODE_NMI << 8, 0, &fx);
}

static void platform_init(struct hvm_platform *p, struct domain *d, uint32_t nr_vcpus,
                          const struct hvm_platform_hooks *hooks)
{
    uint32_t i;

    p->d = d;
    p->nr_vcpus = nr_vcpus;
    p->hooks = *hooks;
    spin_lock_init(&p->lock);
    p->tsc_khz = DEFAULT_TSC_KHZ;
    vpic_reset(&p->pic);
    vioapic_reset(&p->ioapic, (uint8_t)nr_vcpus);
    vpit_reset(&p->pit);
    vuart_reset(&p->uart);
    vrtc_reset(&p->rtc, DEFAULT_WALLCLOCK);
    vpci_reset(&p->pci);
    vi8042_reset(&p->kbd);
    vpm1_reset(&p->pm1);
    for (i = 0; i < DOMAIN_MAX_VCPUS; i++) {
        vlapic_reset(&p->lapic[i], i, i == 0);
        p->pic_offer[i] = NO_OFFER;
    }
    bsp_virtual_wire(&p->lapic[0]);
}

status_t hvm_platform_create(struct domain *d, uint32_t nr_vcpus,
                             const struct hvm_platform_hooks *hooks,
                             struct hvm_platform **out)
{
    unsigned int order = 0;
    struct hvm_platform *p;
    mfn_t mfn;
    status_t rc;

    if (nr_vcpus == 0 || nr_vcpus > DOMAIN_MAX_VCPUS || hooks == NULL)
        return STATUS_EINVAL;
    while ((PAGE_SIZE << order) < sizeof(struct hvm_platform))
        order++;
    rc = page_alloc_frames(order, &mfn);
    if (rc != STATUS_OK)
        return rc;
    p = arch_frame_to_virt(mfn);
    mem_set(p, 0, sizeof(*p));
    p->order = order;
    platform_init(p, d, nr_vcpus, hooks);
    *out = p;
    return STATUS_OK;
}

void hvm_platform_destroy(struct hvm_platform *p)
{
    if (p == NULL)
        return;
    (void)page_free_frames(arch_virt_to_frame(p), p->order);
}
