/* SPDX-License-Identifier: MIT */
/* vlapic.h - one local APIC (xAPIC page and x2APIC MSRs): IRR/ISR/TMR, TPR/PPR, EOI, ICR, LVTs, timer. */
#ifndef STRATA_GUEST_HVM_DM_VLAPIC_H
#define STRATA_GUEST_HVM_DM_VLAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define VLAPIC_DEFAULT_BASE    0xfee00000ULL
#define VLAPIC_SIZE            0x1000ULL
#define VLAPIC_VERSION         0x00050014U  /* integrated APIC, max LVT entry 5 */
#define VLAPIC_MSR_BASE        0x1bU
#define VLAPIC_MSR_TSC_DEADLINE 0x6e0U
#define VLAPIC_MSR_X2APIC_FIRST 0x800U
#define VLAPIC_MSR_X2APIC_LAST  0x8ffU

/* IA32_APIC_BASE bits. */
#define VLAPIC_BASE_BSP        (1ULL << 8)
#define VLAPIC_BASE_X2APIC     (1ULL << 10)
#define VLAPIC_BASE_ENABLE     (1ULL << 11)
#define VLAPIC_BASE_ADDR_MASK  0x000ffffffffff000ULL

/* Register offsets in the xAPIC page (x2APIC MSR = 0x800 + offset / 16). */
#define VLAPIC_REG_ID          0x020U
#define VLAPIC_REG_VERSION     0x030U
#define VLAPIC_REG_TPR         0x080U
#define VLAPIC_REG_APR         0x090U
#define VLAPIC_REG_PPR         0x0a0U
#define VLAPIC_REG_EOI         0x0b0U
#define VLAPIC_REG_RRD         0x0c0U
#define VLAPIC_REG_LDR         0x0d0U
#define VLAPIC_REG_DFR         0x0e0U
#define VLAPIC_REG_SVR         0x0f0U
#define VLAPIC_REG_ISR         0x100U
#define VLAPIC_REG_TMR         0x180U
#define VLAPIC_REG_IRR         0x200U
#define VLAPIC_REG_ESR         0x280U
#define VLAPIC_REG_ICR_LOW     0x300U
#define VLAPIC_REG_ICR_HIGH    0x310U
#define VLAPIC_REG_LVT_TIMER   0x320U
#define VLAPIC_REG_LVT_THERMAL 0x330U
#define VLAPIC_REG_LVT_PERF    0x340U
#define VLAPIC_REG_LVT_LINT0   0x350U
#define VLAPIC_REG_LVT_LINT1   0x360U
#define VLAPIC_REG_LVT_ERROR   0x370U
#define VLAPIC_REG_TIMER_INIT  0x380U
#define VLAPIC_REG_TIMER_COUNT 0x390U
#define VLAPIC_REG_TIMER_DIV   0x3e0U
#define VLAPIC_REG_SELF_IPI    0x3f0U      /* x2APIC only */

/* LVT and ICR fields. */
#define VLAPIC_LVT_MASKED      (1U << 16)
#define VLAPIC_LVT_MODE(v)     (((v) >> 8) & 7U)
#define VLAPIC_MODE_FIXED      0U
#define VLAPIC_MODE_LOWEST     1U
#define VLAPIC_MODE_SMI        2U
#define VLAPIC_MODE_NMI        4U
#define VLAPIC_MODE_INIT       5U
#define VLAPIC_MODE_STARTUP    6U
#define VLAPIC_MODE_EXTINT     7U
#define VLAPIC_TIMER_ONESHOT   0U
#define VLAPIC_TIMER_PERIODIC  1U
#define VLAPIC_TIMER_DEADLINE  2U
#define VLAPIC_ICR_LOGICAL     (1U << 11)
#define VLAPIC_ICR_ASSERT      (1U << 14)
#define VLAPIC_ICR_LEVEL       (1U << 15)
#define VLAPIC_ICR_SHORTHAND(v) (((v) >> 18) & 3U)
#define VLAPIC_SHORT_NONE      0U
#define VLAPIC_SHORT_SELF      1U
#define VLAPIC_SHORT_ALL       2U
#define VLAPIC_SHORT_OTHERS    3U
#define VLAPIC_ESR_SEND_ILLEGAL    0x20U
#define VLAPIC_ESR_RECV_ILLEGAL    0x40U

enum vlapic_lvt {
    VLAPIC_LVT_TIMER, VLAPIC_LVT_THERMAL, VLAPIC_LVT_PERF,
    VLAPIC_LVT_LINT0, VLAPIC_LVT_LINT1, VLAPIC_LVT_ERROR, VLAPIC_NR_LVT
};

/* One local APIC; only vlapic.c reads or writes the fields. The timer
 * runs on a 1 GHz bus clock (one tick a nanosecond, before the divider). */
struct vlapic {
    uint32_t id;                 /* APIC id (the vCPU index) */
    uint64_t base_msr;           /* IA32_APIC_BASE */
    uint32_t tpr, ldr, dfr, svr;
    uint32_t esr;                /* as last latched by an ESR write */
    uint32_t esr_pending;        /* errors since then */
    uint32_t icr_low, icr_high;
    uint32_t lvt[VLAPIC_NR_LVT];
    uint32_t irr[8], isr[8], tmr[8];
    uint32_t timer_initial;      /* initial count; 0: stopped */
    uint32_t timer_divide;       /* divide configuration register */
    uint64_t timer_start_ns;     /* start of the current period */
    uint64_t timer_expiry_ns;    /* next expiry; 0: not armed */
    uint64_t tsc_deadline;       /* IA32_TSC_DEADLINE as written */
    bool nmi_pending;
};

/* What a register write asks the platform to do. */
enum vlapic_effect_kind { VLAPIC_EFFECT_NONE, VLAPIC_EFFECT_IPI, VLAPIC_EFFECT_EOI };
struct vlapic_effect {
    enum vlapic_effect_kind kind;
    uint32_t icr_low;            /* IPI: vector, mode, shorthand ... */
    uint32_t dest;               /* IPI: 8-bit (xAPIC) or 32-bit (x2APIC) destination */
    bool x2apic;                 /* IPI: dest is in x2APIC format */
    uint8_t vector;              /* EOI: a level-triggered vector retired */
};

/*@ predicate VlapicValid(struct vlapic *l) = \valid(l);
    predicate EffectValid(struct vlapic_effect *fx) = \valid(fx);
*/

/* Power-on (RESET) state: enabled in xAPIC mode at 0xfee00000, software
 * disabled, every LVT masked, nothing pending. */
/*@ requires valid: \valid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
    ensures id: l->id == id;
*/
void vlapic_reset(struct vlapic *l, uint32_t id, bool bsp);

/* INIT: as RESET but the APIC id and IA32_APIC_BASE are kept. */
/*@ requires valid: VlapicValid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
*/
void vlapic_init(struct vlapic *l);

/* IA32_APIC_BASE value. */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
uint64_t vlapic_base(const struct vlapic *l);

/* Write IA32_APIC_BASE; false (nothing changed: #GP) for reserved bits or
 * a transition the SDM forbids (x2APIC to xAPIC, disabled to x2APIC).
 * Disabling the APIC resets its state. */
/*@ requires valid: VlapicValid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
*/
bool vlapic_set_base(struct vlapic *l, uint64_t val);

/* Enabled in IA32_APIC_BASE and in xAPIC (MMIO) mode. */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
bool vlapic_xapic_mode(const struct vlapic *l);

/* Enabled in x2APIC (MSR) mode. */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
bool vlapic_x2apic_mode(const struct vlapic *l);

/* A 32-bit register read at offset reg (16-byte aligned, < 0x400);
 * reserved and write-only registers read 0. */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
uint32_t vlapic_read(const struct vlapic *l, uint32_t reg, uint64_t now_ns);

/* A 32-bit register write at offset reg; read-only and reserved registers
 * ignore it. The xAPIC ID is writable (bits 24-31), as on real APICs. *fx says what the platform must do (send an IPI, broadcast
 * an EOI). */
/*@ requires valid: VlapicValid(l) && EffectValid(fx) && \separated(l, fx);
    assigns *l, *fx;
    ensures valid: VlapicValid(l);
*/
void vlapic_write(struct vlapic *l, uint32_t reg, uint32_t val, uint64_t now_ns,
                  struct vlapic_effect *fx);

/* An x2APIC MSR read (0x800-0x8ff); false (#GP) outside x2APIC mode, for
 * reserved and write-only registers. */
/*@ requires valid: VlapicValid(l) && \valid(val);
    assigns *val;
*/
bool vlapic_msr_read(const struct vlapic *l, uint32_t msr, uint64_t now_ns, uint64_t *val);

/* An x2APIC MSR write; false (#GP, nothing changed) outside x2APIC mode,
 * for reserved and read-only registers. */
/*@ requires valid: VlapicValid(l) && EffectValid(fx) && \separated(l, fx);
    assigns *l, *fx;
    ensures valid: VlapicValid(l);
*/
bool vlapic_msr_write(struct vlapic *l, uint32_t msr, uint64_t val, uint64_t now_ns,
                      struct vlapic_effect *fx);

/* Does this APIC take a message for dest (x2apic_format: 32-bit dest,
 * else 8-bit) in physical or logical mode? */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
bool vlapic_match(const struct vlapic *l, uint32_t dest, bool logical, bool x2apic_format);

/* A fixed interrupt arrives: set its IRR bit (TMR for level). Vectors
 * below 16 are illegal (ESR). Returns true if it is newly requested. */
/*@ requires valid: VlapicValid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
*/
bool vlapic_accept(struct vlapic *l, uint8_t vector, bool level);

/* An NMI arrives (held until vlapic_take_nmi). */
/*@ requires valid: VlapicValid(l);
    assigns l->nmi_pending;
    ensures l->nmi_pending == \true;
*/
void vlapic_accept_nmi(struct vlapic *l);

/* Take a held NMI: true once per NMI. */
/*@ requires valid: VlapicValid(l);
    assigns l->nmi_pending;
    ensures l->nmi_pending == \false;
    ensures \result == \old(l->nmi_pending);
*/
bool vlapic_take_nmi(struct vlapic *l);

/* Processor priority (TPR against the highest vector in service). */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
    ensures \result <= 0xff;
*/
uint32_t vlapic_ppr(const struct vlapic *l);

/* The highest requested vector whose class beats the PPR, or -1 (also
 * when the APIC is disabled). */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
    ensures range: -1 <= \result <= 255;
*/
int vlapic_pending(const struct vlapic *l);

/* The CPU took vector: IRR -> ISR (no effect if it is not requested). */
/*@ requires valid: VlapicValid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
*/
void vlapic_ack(struct vlapic *l, uint8_t vector);

/* May an ExtINT (the 8259A) reach this CPU: LINT0 unmasked in ExtINT
 * mode, or the APIC disabled in IA32_APIC_BASE (the pin goes straight
 * to the core). */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
bool vlapic_extint_allowed(const struct vlapic *l);

/* Next timer expiry in ns, 0 if the timer is not armed. */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
uint64_t vlapic_timer_expiry(const struct vlapic *l);

/* Run the timer to now_ns: an expiry raises the LVT timer vector (unless
 * masked) and rearms a periodic timer. Returns true if a vector became
 * requested. */
/*@ requires valid: VlapicValid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
*/
bool vlapic_timer_advance(struct vlapic *l, uint64_t now_ns);

/* IA32_TSC_DEADLINE write (tsc value and the ns time it stands for):
 * arms the timer in TSC-deadline mode, 0 disarms; ignored in other modes. */
/*@ requires valid: VlapicValid(l);
    assigns *l;
    ensures valid: VlapicValid(l);
*/
void vlapic_tsc_deadline_write(struct vlapic *l, uint64_t tsc, uint64_t deadline_ns,
                               uint64_t now_ns);

/* IA32_TSC_DEADLINE read: the armed deadline, 0 once it fired or outside
 * TSC-deadline mode. */
/*@ requires valid: VlapicValid(l);
    assigns \nothing;
*/
uint64_t vlapic_tsc_deadline_read(const struct vlapic *l);

#endif /* STRATA_GUEST_HVM_DM_VLAPIC_H */
