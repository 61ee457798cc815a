/* SPDX-License-Identifier: MIT */
/* vpit.c - 8254 counters computed from elapsed time: modes 0-5, latches, read-back, gate 2. */
#include "guest/hvm/dm/vpit.h"
#include "guest/hvm/dm/dm_time.h"

#define ACCESS_LATCH  0U
#define ACCESS_LOW    1U
#define ACCESS_HIGH   2U
#define ACCESS_WORD   3U
#define REFRESH_NS    15085ULL     /* port 0x61 bit 4 toggles at this period */

/*@ requires VpitChannelValid(c);
    assigns \nothing;
*/
static bool periodic(const struct vpit_channel *c)
{
    return c->mode == 2 || c->mode == 3;
}

/* Ticks counted since the count was loaded. */
/*@ requires VpitChannelValid(c);
    assigns \nothing;
*/
static uint64_t elapsed_ticks(const struct vpit_channel *c, uint64_t now_ns)
{
    if (!c->gate || now_ns < c->start_ns)
        return c->ticks_before;
    return c->ticks_before + dm_scale(now_ns - c->start_ns, VPIT_HZ, DM_NS_PER_SEC);
}

/* The counting element's value (16 bits; 65536 reads as 0). */
/*@ requires VpitChannelValid(c);
    assigns \nothing;
*/
static uint16_t counter_value(const struct vpit_channel *c, uint64_t now_ns)
{
    uint64_t e = elapsed_ticks(c, now_ns);
    uint64_t half;

    if (!c->counting)
        return (uint16_t)c->count;
    switch (c->mode) {
    case 2:
        return (uint16_t)(c->count - e % c->count);
    case 3:
        half = c->count / 2 ? c->count / 2 : 1;
        return (uint16_t)((c->count - 2 * (e % c->count % half)) & 0xfffeU);
    default:
        return (uint16_t)((c->count - (uint32_t)(e & 0xffffU)) & 0xffffU);
    }
}

/* The OUT pin. */
/*@ requires VpitChannelValid(c);
    assigns \nothing;
*/
static bool counter_out(const struct vpit_channel *c, uint64_t now_ns)
{
    uint64_t e = elapsed_ticks(c, now_ns);

    if (!c->counting)
        return c->mode != 0;
    switch (c->mode) {
    case 0:
    case 1:
        return e >= c->count;
    case 2:
        return e % c->count != c->count - 1;
    case 3:
        return e % c->count < (c->count + 1) / 2;
    default: /* 4, 5: a one-tick low strobe at terminal count */
        return e != c->count;
    }
}

/* A full count was written: start counting it now. */
/*@ requires VpitChannelValid(c) && value <= 0xffff;
    assigns *c;
    ensures VpitChannelValid(c);
*/
static void load_count(struct vpit_channel *c, uint32_t value, uint64_t now_ns)
{
    c->count = value == 0 ? 0x10000U : value;
    c->counting = true;
    c->null_count = false;
    c->irq_done = false;
    c->start_ns = now_ns;
    c->ticks_before = 0;
    c->next_irq_tick = c->count;
}

/*@ requires VpitChannelValid(c);
    assigns *c;
    ensures VpitChannelValid(c);
*/
static void write_count(struct vpit_channel *c, uint8_t val, uint64_t now_ns)
{
    switch (c->access) {
    case ACCESS_LOW:
        load_count(c, val, now_ns);
        return;
    case ACCESS_HIGH:
        load_count(c, val * 256U, now_ns);
        return;
    default:
        if (!c->write_high) {
            c->low_byte = val;
            c->write_high = true;
            if (c->mode == 0)
                c->counting = false;    /* mode 0 stops on the first byte */
            return;
        }
        c->write_high = false;
        load_count(c, c->low_byte + val * 256U, now_ns);
        return;
    }
}

/*@ requires VpitChannelValid(c);
    assigns \nothing;
*/
static uint8_t status_byte(const struct vpit_channel *c, uint64_t now_ns)
{
    return (uint8_t)((counter_out(c, now_ns) ? 0x80U : 0) | (c->null_count ? 0x40U : 0) |
                     (uint32_t)c->access << 4 | (uint32_t)c->mode << 1 | (c->bcd ? 1U : 0));
}

/*@ requires VpitChannelValid(c);
    assigns *c;
    ensures VpitChannelValid(c);
*/
static void latch_count(struct vpit_channel *c, uint64_t now_ns)
{
    if (c->count_latched)
        return;                         /* the first latch holds until read */
    c->latch = counter_value(c, now_ns);
    c->count_latched = true;
    c->read_high = false;
}

/* Read-back for one channel: bit 5 clear latches the count, bit 4 clear
 * the status (a held latch keeps its value). */
/*@ requires VpitChannelValid(c);
    assigns *c;
    ensures VpitChannelValid(c);
*/
static void read_back_channel(struct vpit_channel *c, uint8_t val, uint64_t now_ns)
{
    if (!(val & 0x20U))
        latch_count(c, now_ns);
    if (!(val & 0x10U) && !c->status_latched) {
        c->status = status_byte(c, now_ns);
        c->status_latched = true;
    }
}

/* The read-back command: bits 1-3 select the channels. */
/*@ requires VpitValid(pit);
    assigns *pit;
    ensures VpitValid(pit);
*/
static void read_back(struct vpit *pit, uint8_t val, uint64_t now_ns)
{
    if (val & 0x02U)
        read_back_channel(&pit->ch[0], val, now_ns);
    if (val & 0x04U)
        read_back_channel(&pit->ch[1], val, now_ns);
    if (val & 0x08U)
        read_back_channel(&pit->ch[2], val, now_ns);
}

/*@ requires VpitValid(pit);
    assigns *pit;
    ensures VpitValid(pit);
*/
static void write_control(struct vpit *pit, uint8_t val, uint64_t now_ns)
{
    unsigned int sel = val / 64U, mode = val / 2U % 8U, access = val / 16U % 4U;
    struct vpit_channel *c;

    if (sel == 3) {
        read_back(pit, val, now_ns);
        return;
    }
    c = &pit->ch[sel];
    if (access == ACCESS_LATCH) {
        latch_count(c, now_ns);
        return;
    }
    c->access = (uint8_t)access;
    c->mode = (uint8_t)(mode > 5 ? mode - 4 : mode);
    c->bcd = (val & 1U) != 0;
    c->counting = false;
    c->null_count = true;
    c->write_high = false;
    c->read_high = false;
    c->count_latched = false;
    c->status_latched = false;
}

/*@ requires VpitChannelValid(c);
    assigns *c;
    ensures VpitChannelValid(c);
*/
static uint8_t read_counter(struct vpit_channel *c, uint64_t now_ns)
{
    uint16_t value;

    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    value = c->count_latched ? c->latch : counter_value(c, now_ns);
    if (c->access == ACCESS_WORD && !c->read_high) {
        c->read_high = true;
        return (uint8_t)value;
    }
    c->read_high = false;
    c->count_latched = false;
    return c->access == ACCESS_LOW ? (uint8_t)value : (uint8_t)(value >> 8);
}

/* Gate 2 (port 0x61 bit 0): low pauses modes 0 and 4; a rising gate
 * restarts modes 1, 2, 3 and 5 from their count. */
/*@ requires VpitChannelValid(c);
    assigns *c;
    ensures VpitChannelValid(c);
*/
static void set_gate(struct vpit_channel *c, bool gate, uint64_t now_ns)
{
    if (gate == c->gate)
        return;
    if (!gate) {
        c->ticks_before = elapsed_ticks(c, now_ns);
        c->gate = false;
        return;
    }
    c->gate = true;
    c->start_ns = now_ns;
    if (c->counting && c->mode != 0 && c->mode != 4) {
        c->ticks_before = 0;
        c->irq_done = false;
        c->next_irq_tick = c->count;
    }
}

/*@ requires VpitValid(pit);
    assigns \nothing;
*/
static uint8_t read_sysctl(const struct vpit *pit, uint64_t now_ns)
{
    const struct vpit_channel *c2 = &pit->ch[2];

    return (uint8_t)((c2->gate ? 0x01U : 0) | (pit->speaker ? 0x02U : 0) |
                     ((now_ns / REFRESH_NS) & 1U ? 0x10U : 0) |
                     (counter_out(c2, now_ns) ? 0x20U : 0));
}

/* An idle channel: word access, count 65536, nothing latched. */
/*@ requires \valid(c);
    assigns *c;
    ensures VpitChannelValid(c);
*/
static void channel_reset(struct vpit_channel *c, bool gate)
{
    c->mode = 0;
    c->access = ACCESS_WORD;
    c->bcd = false;
    c->gate = gate;
    c->counting = false;
    c->null_count = false;
    c->write_high = false;
    c->read_high = false;
    c->count_latched = false;
    c->status_latched = false;
    c->irq_done = false;
    c->low_byte = 0;
    c->status = 0;
    c->latch = 0;
    c->count = 0x10000U;
    c->start_ns = 0;
    c->ticks_before = 0;
    c->next_irq_tick = 0;
}

void vpit_reset(struct vpit *pit)
{
    channel_reset(&pit->ch[0], true);
    channel_reset(&pit->ch[1], true);
    channel_reset(&pit->ch[2], false);       /* port 0x61 bit 0 starts low */
    pit->speaker = false;
}

uint8_t vpit_read(struct vpit *pit, uint16_t port, uint64_t now_ns)
{
    if (port >= VPIT_PORT_CH0 && port <= VPIT_PORT_CH2)
        return read_counter(&pit->ch[port - VPIT_PORT_CH0], now_ns);
    if (port == VPIT_PORT_SYSCTL)
        return read_sysctl(pit, now_ns);
    return 0xff;     /* the control port is write-only */
}

void vpit_write(struct vpit *pit, uint16_t port, uint8_t val, uint64_t now_ns)
{
    if (port >= VPIT_PORT_CH0 && port <= VPIT_PORT_CH2) {
        write_count(&pit->ch[port - VPIT_PORT_CH0], val, now_ns);
    } else if (port == VPIT_PORT_CONTROL) {
        write_control(pit, val, now_ns);
    } else if (port == VPIT_PORT_SYSCTL) {
        pit->speaker = (val & 0x02U) != 0;
        set_gate(&pit->ch[2], (val & 0x01U) != 0, now_ns);
    }
}

uint64_t vpit_next_irq_ns(const struct vpit *pit)
{
    const struct vpit_channel *c = &pit->ch[0];
    uint64_t ns;

    if (!c->counting || c->irq_done || !c->gate)
        return 0;
    ns = c->start_ns + dm_scale_up(c->next_irq_tick - c->ticks_before, DM_NS_PER_SEC, VPIT_HZ);
    return ns == 0 ? 1 : ns;
}

bool vpit_advance(struct vpit *pit, uint64_t now_ns)
{
    struct vpit_channel *c = &pit->ch[0];
    uint64_t e;

    if (!c->counting || c->irq_done || !c->gate)
        return false;
    e = elapsed_ticks(c, now_ns);
    if (e < c->next_irq_tick)
        return false;
    if (periodic(c))
        c->next_irq_tick = (e / c->count + 1) * c->count;
    else
        c->irq_done = true;
    return true;
}
