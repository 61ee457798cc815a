/* SPDX-License-Identifier: MIT */
/* vlapic.c - local APIC registers, interrupt acceptance and priority, and the APIC timer. */
#include "guest/hvm/dm/vlapic.h"

#define SVR_ENABLE          (1U << 8)
#define SVR_WRITABLE        0x3ffU        /* vector, enable, focus check off */
#define DFR_FLAT            0xffffffffU
#define LVT_TIMER_MODE(v)   (((v) >> 17) & 3U)
#define NO_VECTOR           (-1)

/* Writable bits of each LVT (timer, thermal, perf, LINT0, LINT1, error). */
static const uint32_t lvt_writable[VLAPIC_NR_LVT] = {
    0x700ffU, 0x107ffU, 0x107ffU, 0x1a7ffU, 0x1a7ffU, 0x100ffU,
};

/*@ requires \valid(l);
    assigns l->tpr, l->ldr, l->dfr, l->svr, l->esr, l->esr_pending, l->icr_low,
            l->icr_high, l->lvt[0 .. VLAPIC_NR_LVT - 1], l->irr[0 .. 7], l->isr[0 .. 7],
            l->tmr[0 .. 7], l->timer_initial, l->timer_divide, l->timer_start_ns,
            l->timer_expiry_ns, l->tsc_deadline, l->nmi_pending;
*/
static void vlapic_clear_state(struct vlapic *l)
{
    unsigned int i;

    l->tpr = 0;
    l->ldr = 0;
    l->dfr = DFR_FLAT;
    l->svr = 0xff;
    l->esr = 0;
    l->esr_pending = 0;
    l->icr_low = 0;
    l->icr_high = 0;
    /*@ loop invariant bound: i <= VLAPIC_NR_LVT;
        loop assigns i, l->lvt[0 .. VLAPIC_NR_LVT - 1];
        loop variant VLAPIC_NR_LVT - i;
    */
    for (i = 0; i < VLAPIC_NR_LVT; i++)
        l->lvt[i] = VLAPIC_LVT_MASKED;
    /*@ loop invariant bound: i <= 8;
        loop assigns i, l->irr[0 .. 7], l->isr[0 .. 7], l->tmr[0 .. 7];
        loop variant 8 - i;
    */
    for (i = 0; i < 8; i++) {
        l->irr[i] = 0;
        l->isr[i] = 0;
        l->tmr[i] = 0;
    }
    l->timer_initial = 0;
    l->timer_divide = 0;
    l->timer_start_ns = 0;
    l->timer_expiry_ns = 0;
    l->tsc_deadline = 0;
    l->nmi_pending = false;
}

void vlapic_reset(struct vlapic *l, uint32_t id, bool bsp)
{
    l->id = id;
    l->base_msr = VLAPIC_DEFAULT_BASE | VLAPIC_BASE_ENABLE | (bsp ? VLAPIC_BASE_BSP : 0);
    vlapic_clear_state(l);
}

void vlapic_init(struct vlapic *l)
{
    vlapic_clear_state(l);
}

uint64_t vlapic_base(const struct vlapic *l)
{
    return l->base_msr;
}

bool vlapic_xapic_mode(const struct vlapic *l)
{
    return (l->base_msr & (VLAPIC_BASE_ENABLE | VLAPIC_BASE_X2APIC)) == VLAPIC_BASE_ENABLE;
}

bool vlapic_x2apic_mode(const struct vlapic *l)
{
    return (l->base_msr & (VLAPIC_BASE_ENABLE | VLAPIC_BASE_X2APIC)) ==
           (VLAPIC_BASE_ENABLE | VLAPIC_BASE_X2APIC);
}

bool vlapic_set_base(struct vlapic *l, uint64_t val)
{
    uint64_t allowed = VLAPIC_BASE_ADDR_MASK | VLAPIC_BASE_ENABLE | VLAPIC_BASE_X2APIC | VLAPIC_BASE_BSP;
    bool was_x2 = vlapic_x2apic_mode(l);
    bool on = (val & VLAPIC_BASE_ENABLE) != 0, x2 = (val & VLAPIC_BASE_X2APIC) != 0;

    if ((val & ~allowed) || (x2 && !on))
        return false;
    if (was_x2 && on && !x2)
        return false;                       /* x2APIC -> xAPIC */
    if (x2 && !was_x2 && !vlapic_xapic_mode(l))
        return false;                       /* disabled -> x2APIC */
    l->base_msr = (val & ~VLAPIC_BASE_BSP) | (l->base_msr & VLAPIC_BASE_BSP);
    if (!on)
        vlapic_clear_state(l);
    return true;
}

/* --- The 256-bit vector registers --------------------------------------- */

/*@ requires \valid_read(bits + (0 .. 7)) && vector <= 255;
    assigns \nothing;
*/
static bool vec_test(const uint32_t *bits, unsigned int vector)
{
    return (bits[vector / 32U] >> (vector % 32U)) & 1U;
}

/*@ requires \valid(bits + (0 .. 7)) && vector <= 255;
    assigns bits[0 .. 7];
*/
static void vec_set(uint32_t *bits, unsigned int vector, bool on)
{
    uint32_t bit = 1U << (vector % 32U);
    unsigned int word = vector / 32U;

    bits[word] = on ? (bits[word] | bit) : (bits[word] & ~bit);
}

/* The highest vector set, or NO_VECTOR. */
/*@ requires \valid_read(bits + (0 .. 7));
    assigns \nothing;
    ensures -1 <= \result <= 255;
*/
static int vec_highest(const uint32_t *bits)
{
    int word, bit;

    /*@ loop invariant bound: -1 <= word <= 7;
        loop assigns word, bit;
        loop variant word;
    */
    for (word = 7; word >= 0; word--) {
        if (bits[word] == 0)
            continue;
        /*@ loop invariant bound: -1 <= bit <= 31;
            loop assigns bit;
            loop variant bit;
        */
        for (bit = 31; bit >= 0; bit--) {
            if ((bits[word] >> bit) & 1U)
                return word * 32 + bit;
        }
    }
    return NO_VECTOR;
}

/* --- Priorities, acceptance, EOI ---------------------------------------- */

uint32_t vlapic_ppr(const struct vlapic *l)
{
    int isrv = vec_highest(l->isr);
    uint32_t tpr = l->tpr % 256U;
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv / 16U * 16U;

    return tpr / 16U * 16U >= isr_class ? tpr : isr_class;
}

/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static bool vlapic_sw_enabled(const struct vlapic *l)
{
    return (l->base_msr & VLAPIC_BASE_ENABLE) && (l->svr & SVR_ENABLE);
}

int vlapic_pending(const struct vlapic *l)
{
    int vector;

    if (!vlapic_sw_enabled(l))
        return NO_VECTOR;
    vector = vec_highest(l->irr);
    if (vector < 0 || ((uint32_t)vector & 0xf0U) <= (vlapic_ppr(l) & 0xf0U))
        return NO_VECTOR;
    return vector;
}

/* Latch an error; the error LVT raises its vector if unmasked. */
/*@ requires VlapicValid(l);
    assigns *l;
*/
static void vlapic_error(struct vlapic *l, uint32_t bit)
{
    uint32_t lvt = l->lvt[VLAPIC_LVT_ERROR];

    l->esr_pending |= bit;
    if (!(lvt & VLAPIC_LVT_MASKED) && lvt % 256U >= 16)
        vec_set(l->irr, lvt % 256U, true);
}

bool vlapic_accept(struct vlapic *l, uint8_t vector, bool level)
{
    bool fresh;

    if (vector < 16) {
        vlapic_error(l, VLAPIC_ESR_RECV_ILLEGAL);
        return false;
    }
    fresh = !vec_test(l->irr, vector);
    vec_set(l->irr, vector, true);
    vec_set(l->tmr, vector, level);
    return fresh;
}

void vlapic_accept_nmi(struct vlapic *l)
{
    l->nmi_pending = true;
}

bool vlapic_take_nmi(struct vlapic *l)
{
    bool was = l->nmi_pending;

    l->nmi_pending = false;
    return was;
}

void vlapic_ack(struct vlapic *l, uint8_t vector)
{
    if (!vec_test(l->irr, vector))
        return;
    vec_set(l->irr, vector, false);
    vec_set(l->isr, vector, true);
}

/* EOI: retire the highest vector in service; a level-triggered one is
 * broadcast to the I/O APIC. */
/*@ requires VlapicValid(l) && EffectValid(fx) && \separated(l, fx);
    assigns *l, *fx;
*/
static void vlapic_eoi(struct vlapic *l, struct vlapic_effect *fx)
{
    int vector = vec_highest(l->isr);

    if (vector < 0)
        return;
    vec_set(l->isr, (unsigned int)vector, false);
    if (vec_test(l->tmr, (unsigned int)vector)) {
        vec_set(l->tmr, (unsigned int)vector, false);
        fx->kind = VLAPIC_EFFECT_EOI;
        fx->vector = (uint8_t)vector;
    }
}

bool vlapic_extint_allowed(const struct vlapic *l)
{
    uint32_t lint0 = l->lvt[VLAPIC_LVT_LINT0];

    if (!(l->base_msr & VLAPIC_BASE_ENABLE))
        return true;
    return vlapic_sw_enabled(l) && !(lint0 & VLAPIC_LVT_MASKED) &&
           VLAPIC_LVT_MODE(lint0) == VLAPIC_MODE_EXTINT;
}

/* --- Destinations -------------------------------------------------------- */

/* The x2APIC logical id: cluster in bits 16-31, one bit of 16 below. */
/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static uint32_t vlapic_x2apic_ldr(const struct vlapic *l)
{
    return ((l->id >> 4) << 16) | (1U << (l->id % 16U));
}

/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static bool vlapic_match_xapic_logical(const struct vlapic *l, uint8_t dest)
{
    uint8_t mine = (uint8_t)(l->ldr >> 24);

    if (dest == 0xff)
        return true;
    if ((l->dfr >> 28) == 0xfU)                 /* flat model */
        return (mine & dest) != 0;
    return (mine >> 4) == (dest >> 4) && (mine & dest & 0x0fU) != 0;   /* cluster */
}

bool vlapic_match(const struct vlapic *l, uint32_t dest, bool logical, bool x2apic_format)
{
    uint32_t ldr;

    if (!(l->base_msr & VLAPIC_BASE_ENABLE))
        return false;
    if ((x2apic_format && dest == 0xffffffffU) || (!x2apic_format && dest == 0xffU))
        return true;
    if (!vlapic_x2apic_mode(l)) {
        if (logical)
            return vlapic_match_xapic_logical(l, (uint8_t)dest);
        return (dest & 0xffU) == (l->id & 0xffU);
    }
    if (!logical)
        return dest == l->id;
    ldr = vlapic_x2apic_ldr(l);
    return (dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffffU) != 0;
}

/* --- The timer ----------------------------------------------------------- */

/* Bus ticks (ns) per count: the divide configuration 0..7 -> 2..128, 1. */
/*@ requires VlapicValid(l);
    assigns \nothing;
    ensures 1 <= \result <= 128;
*/
static uint64_t vlapic_divisor(const struct vlapic *l)
{
    /* Bits 0, 1 and 3 of the register: 000 -> 2 ... 110 -> 128, 111 -> 1. */
    static const uint8_t divisors[8] = { 2, 4, 8, 16, 32, 64, 128, 1 };
    uint32_t code = l->timer_divide / 8U % 2U * 4U + l->timer_divide % 4U;

    return divisors[code];
}

/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static uint32_t vlapic_timer_mode(const struct vlapic *l)
{
    return LVT_TIMER_MODE(l->lvt[VLAPIC_LVT_TIMER]);
}

/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static uint64_t vlapic_period_ns(const struct vlapic *l)
{
    return (uint64_t)l->timer_initial * vlapic_divisor(l);
}

/* The current-count register at now_ns. */
/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static uint32_t vlapic_current_count(const struct vlapic *l, uint64_t now_ns)
{
    uint64_t ticks;

    if (l->timer_initial == 0 || l->timer_expiry_ns == 0 ||
        vlapic_timer_mode(l) == VLAPIC_TIMER_DEADLINE || now_ns < l->timer_start_ns)
        return l->timer_expiry_ns == 0 ? 0 : l->timer_initial;
    ticks = (now_ns - l->timer_start_ns) / vlapic_divisor(l);
    if (vlapic_timer_mode(l) == VLAPIC_TIMER_PERIODIC)
        return l->timer_initial - (uint32_t)(ticks % l->timer_initial);
    return ticks >= l->timer_initial ? 0 : l->timer_initial - (uint32_t)ticks;
}

/* (Re)start the count-down timer at now_ns with the current initial count. */
/*@ requires VlapicValid(l);
    assigns l->timer_start_ns, l->timer_expiry_ns;
*/
static void vlapic_timer_start(struct vlapic *l, uint64_t now_ns)
{
    uint64_t period = vlapic_period_ns(l);

    l->timer_start_ns = now_ns;
    l->timer_expiry_ns = 0;
    if (period != 0 && vlapic_timer_mode(l) != VLAPIC_TIMER_DEADLINE)
        l->timer_expiry_ns = now_ns + period;
}

/* A new divide value keeps the remaining count and rescales its time. */
/*@ requires VlapicValid(l);
    assigns l->timer_divide, l->timer_start_ns, l->timer_expiry_ns;
*/
static void vlapic_set_divide(struct vlapic *l, uint32_t val, uint64_t now_ns)
{
    uint32_t left = vlapic_current_count(l, now_ns);
    uint64_t done;

    l->timer_divide = val & 0xbU;
    if (l->timer_expiry_ns == 0 || left == 0)
        return;
    done = (uint64_t)(l->timer_initial - left) * vlapic_divisor(l);
    l->timer_start_ns = now_ns >= done ? now_ns - done : 0;
    l->timer_expiry_ns = now_ns + (uint64_t)left * vlapic_divisor(l);
}

/* LVT timer: switching into or out of TSC-deadline mode disarms. */
/*@ requires VlapicValid(l);
    assigns *l;
*/
static void vlapic_set_lvt_timer(struct vlapic *l, uint32_t val)
{
    uint32_t old_mode = vlapic_timer_mode(l);

    l->lvt[VLAPIC_LVT_TIMER] = val;
    if ((old_mode == VLAPIC_TIMER_DEADLINE) != (vlapic_timer_mode(l) == VLAPIC_TIMER_DEADLINE)) {
        l->timer_initial = 0;
        l->timer_expiry_ns = 0;
        l->tsc_deadline = 0;
    }
}

uint64_t vlapic_timer_expiry(const struct vlapic *l)
{
    return l->timer_expiry_ns;
}

bool vlapic_timer_advance(struct vlapic *l, uint64_t now_ns)
{
    uint32_t lvt = l->lvt[VLAPIC_LVT_TIMER];
    uint64_t period = vlapic_period_ns(l);

    if (l->timer_expiry_ns == 0 || now_ns < l->timer_expiry_ns)
        return false;
    if (vlapic_timer_mode(l) == VLAPIC_TIMER_PERIODIC && period != 0) {
        /* Missed periods coalesce into this one interrupt. */
        l->timer_start_ns = l->timer_expiry_ns + (now_ns - l->timer_expiry_ns) / period * period;
        l->timer_expiry_ns = l->timer_start_ns + period;
    } else {
        l->timer_expiry_ns = 0;
        l->tsc_deadline = 0;
    }
    if (lvt & VLAPIC_LVT_MASKED)
        return false;
    return vlapic_accept(l, (uint8_t)(lvt & 0xffU), false);
}

void vlapic_tsc_deadline_write(struct vlapic *l, uint64_t tsc, uint64_t deadline_ns, uint64_t now_ns)
{
    if (vlapic_timer_mode(l) != VLAPIC_TIMER_DEADLINE)
        return;
    l->tsc_deadline = tsc;
    l->timer_expiry_ns = 0;
    if (tsc == 0)
        return;
    l->timer_start_ns = now_ns;
    l->timer_expiry_ns = deadline_ns == 0 ? 1 : deadline_ns;
}

uint64_t vlapic_tsc_deadline_read(const struct vlapic *l)
{
    if (vlapic_timer_mode(l) != VLAPIC_TIMER_DEADLINE)
        return 0;
    return l->tsc_deadline;
}

/* --- Register reads ------------------------------------------------------ */

/* The vector-register word at reg (ISR, TMR, IRR), or 0. */
/*@ requires VlapicValid(l);
    assigns \nothing;
*/
static uint32_t vlapic_read_vectors(const struct vlapic *l, uint32_t reg)
{
    unsigned int word = reg / 16U % 8U;

    if (reg >= VLAPIC_REG_ISR && reg < VLAPIC_REG_TMR)
        return l->isr[word];
    if (reg >= VLAPIC_REG_TMR && reg < VLAPIC_REG_IRR)
        return l->tmr[word];
    return l->irr[word];
}

uint32_t vlapic_read(const struct vlapic *l, uint32_t reg, uint64_t now_ns)
{
    bool x2 = vlapic_x2apic_mode(l);

    if (reg >= VLAPIC_REG_ISR && reg < VLAPIC_REG_IRR + 0x80U)
        return vlapic_read_vectors(l, reg);
    if (reg >= VLAPIC_REG_LVT_TIMER && reg <= VLAPIC_REG_LVT_ERROR)
        return l->lvt[(reg - VLAPIC_REG_LVT_TIMER) / 16U % VLAPIC_NR_LVT];
    switch (reg) {
    case VLAPIC_REG_ID:          return x2 ? l->id : l->id << 24;
    case VLAPIC_REG_VERSION:     return VLAPIC_VERSION;
    case VLAPIC_REG_TPR:         return l->tpr;
    case VLAPIC_REG_PPR:         return vlapic_ppr(l);
    case VLAPIC_REG_LDR:         return x2 ? vlapic_x2apic_ldr(l) : l->ldr;
    case VLAPIC_REG_DFR:         return l->dfr;
    case VLAPIC_REG_SVR:         return l->svr;
    case VLAPIC_REG_ESR:         return l->esr;
    case VLAPIC_REG_ICR_LOW:     return l->icr_low;
    case VLAPIC_REG_ICR_HIGH:    return l->icr_high;
    case VLAPIC_REG_TIMER_INIT:  return l->timer_initial;
    case VLAPIC_REG_TIMER_COUNT: return vlapic_current_count(l, now_ns);
    case VLAPIC_REG_TIMER_DIV:   return l->timer_divide;
    default:                     return 0;   /* APR, RRD, EOI, reserved */
    }
}

/* --- Register writes ----------------------------------------------------- */

/* The ICR low half was written: send, unless the vector is illegal. */
/*@ requires VlapicValid(l) && EffectValid(fx) && \separated(l, fx);
    assigns *l, *fx;
*/
static void vlapic_send_ipi(struct vlapic *l, struct vlapic_effect *fx)
{
    uint32_t mode = VLAPIC_LVT_MODE(l->icr_low);

    if ((mode == VLAPIC_MODE_FIXED || mode == VLAPIC_MODE_LOWEST) && (l->icr_low & 0xffU) < 16) {
        vlapic_error(l, VLAPIC_ESR_SEND_ILLEGAL);
        return;
    }
    fx->kind = VLAPIC_EFFECT_IPI;
    fx->icr_low = l->icr_low;
    fx->x2apic = vlapic_x2apic_mode(l);
    fx->dest = fx->x2apic ? l->icr_high : l->icr_high >> 24;
}

/*@ requires VlapicValid(l);
    assigns *l;
*/
static void vlapic_write_svr(struct vlapic *l, uint32_t val)
{
    unsigned int i;

    l->svr = val & SVR_WRITABLE;
    if (l->svr & SVR_ENABLE)
        return;
    /*@ loop invariant bound: i <= VLAPIC_NR_LVT;
        loop assigns i, l->lvt[0 .. VLAPIC_NR_LVT - 1];
        loop variant VLAPIC_NR_LVT - i;
    */
    for (i = 0; i < VLAPIC_NR_LVT; i++)
        l->lvt[i] |= VLAPIC_LVT_MASKED;
}

/* An LVT write: only its writable bits; masked while software-disabled. */
/*@ requires VlapicValid(l);
    assigns *l;
*/
static void vlapic_write_lvt(struct vlapic *l, uint32_t reg, uint32_t val)
{
    unsigned int which = (reg - VLAPIC_REG_LVT_TIMER) / 16U % VLAPIC_NR_LVT;

    val &= lvt_writable[which];
    if (!(l->svr & SVR_ENABLE))
        val |= VLAPIC_LVT_MASKED;
    if (which == VLAPIC_LVT_TIMER)
        vlapic_set_lvt_timer(l, val);
    else
        l->lvt[which] = val;
}

/*@ requires VlapicValid(l);
    assigns *l;
*/
static void vlapic_write_timer_initial(struct vlapic *l, uint32_t val, uint64_t now_ns)
{
    if (vlapic_timer_mode(l) == VLAPIC_TIMER_DEADLINE)
        return;
    l->timer_initial = val;
    vlapic_timer_start(l, now_ns);
}

void vlapic_write(struct vlapic *l, uint32_t reg, uint32_t val, uint64_t now_ns,
                  struct vlapic_effect *fx)
{
    fx->kind = VLAPIC_EFFECT_NONE;
    if (reg >= VLAPIC_REG_LVT_TIMER && reg <= VLAPIC_REG_LVT_ERROR) {
        vlapic_write_lvt(l, reg, val);
        return;
    }
    switch (reg) {
    case VLAPIC_REG_ID:         l->id = val >> 24; break;      /* Linux's verify_local_APIC */
    case VLAPIC_REG_TPR:        l->tpr = val & 0xffU; break;
    case VLAPIC_REG_EOI:        vlapic_eoi(l, fx); break;
    case VLAPIC_REG_LDR:        l->ldr = val & 0xff000000U; break;
    case VLAPIC_REG_DFR:        l->dfr = val | 0x0fffffffU; break;
    case VLAPIC_REG_SVR:        vlapic_write_svr(l, val); break;
    case VLAPIC_REG_ESR:        l->esr = l->esr_pending; l->esr_pending = 0; break;
    case VLAPIC_REG_ICR_HIGH:   l->icr_high = val & 0xff000000U; break;
    case VLAPIC_REG_ICR_LOW:
        l->icr_low = val & 0x000ccfffU;      /* delivery status reads 0: sent at once */
        vlapic_send_ipi(l, fx);
        break;
    case VLAPIC_REG_TIMER_INIT: vlapic_write_timer_initial(l, val, now_ns); break;
    case VLAPIC_REG_TIMER_DIV:  vlapic_set_divide(l, val, now_ns); break;
    default:                    break;        /* read-only or reserved */
    }
}

/* --- x2APIC MSRs ----------------------------------------------------------- */

/* Registers that exist in x2APIC mode for reading. */
/*@ assigns \nothing; */
static bool x2apic_readable(uint32_t reg)
{
    if (reg >= VLAPIC_REG_ISR && reg < VLAPIC_REG_IRR + 0x80U)
        return true;
    if (reg >= VLAPIC_REG_LVT_TIMER && reg <= VLAPIC_REG_LVT_ERROR)
        return true;
    switch (reg) {
    case VLAPIC_REG_ID: case VLAPIC_REG_VERSION: case VLAPIC_REG_TPR:
    case VLAPIC_REG_PPR: case VLAPIC_REG_LDR: case VLAPIC_REG_SVR:
    case VLAPIC_REG_ESR: case VLAPIC_REG_ICR_LOW: case VLAPIC_REG_TIMER_INIT:
    case VLAPIC_REG_TIMER_COUNT: case VLAPIC_REG_TIMER_DIV:
        return true;
    default:
        return false;
    }
}

/* Registers that exist in x2APIC mode for writing (ICR and SELF IPI are
 * handled by the caller). */
/*@ assigns \nothing; */
static bool x2apic_writable(uint32_t reg)
{
    if (reg >= VLAPIC_REG_LVT_TIMER && reg <= VLAPIC_REG_LVT_ERROR)
        return true;
    switch (reg) {
    case VLAPIC_REG_TPR: case VLAPIC_REG_EOI: case VLAPIC_REG_SVR:
    case VLAPIC_REG_ESR: case VLAPIC_REG_TIMER_INIT: case VLAPIC_REG_TIMER_DIV:
        return true;
    default:
        return false;
    }
}

bool vlapic_msr_read(const struct vlapic *l, uint32_t msr, uint64_t now_ns, uint64_t *val)
{
    uint32_t reg = (msr - VLAPIC_MSR_X2APIC_FIRST) << 4;

    if (!vlapic_x2apic_mode(l) || msr < VLAPIC_MSR_X2APIC_FIRST ||
        msr > VLAPIC_MSR_X2APIC_LAST || !x2apic_readable(reg))
        return false;
    *val = vlapic_read(l, reg, now_ns);
    if (reg == VLAPIC_REG_ICR_LOW)
        *val |= (uint64_t)l->icr_high << 32;
    return true;
}

bool vlapic_msr_write(struct vlapic *l, uint32_t msr, uint64_t val, uint64_t now_ns,
                      struct vlapic_effect *fx)
{
    uint32_t reg = (msr - VLAPIC_MSR_X2APIC_FIRST) << 4;

    fx->kind = VLAPIC_EFFECT_NONE;
    if (!vlapic_x2apic_mode(l) || msr < VLAPIC_MSR_X2APIC_FIRST || msr > VLAPIC_MSR_X2APIC_LAST)
        return false;
    if (reg == VLAPIC_REG_ICR_LOW) {
        l->icr_high = (uint32_t)(val >> 32);
        l->icr_low = (uint32_t)val & 0x000ccfffU;
        vlapic_send_ipi(l, fx);
        return true;
    }
    if (reg == VLAPIC_REG_SELF_IPI) {
        l->icr_low = ((uint32_t)val & 0xffU) | (VLAPIC_SHORT_SELF << 18);
        vlapic_send_ipi(l, fx);
        return true;
    }
    if (!x2apic_writable(reg) || (val >> 32) != 0)
        return false;
    vlapic_write(l, reg, (uint32_t)val, now_ns, fx);
    return true;
}
