/* SPDX-License-Identifier: MIT */
/* time_record.c - TSC-to-ns scale factors and the guest time record's versions. */
#include "core/sched/time_record.h"

/* Keep the compiler from moving the record's stores across the version
 * bumps; x86 does not reorder stores with stores, so this is enough. */
#ifdef STRATA_PROOF
#define RECORD_BARRIER() ((void)0)
#else
#define RECORD_BARRIER() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif

status_t time_scale_from_hz(uint64_t tsc_hz, struct time_scale *out)
{
    uint64_t hz = tsc_hz;
    int shift = 0;

    if (tsc_hz == 0)
        return STATUS_EINVAL;
    /* Normalise hz * 2^shift into (1e9, 2e9], so that 1e9 / hz lies in
     * [1/2, 1) and its 0.32 fixed-point value fits 32 bits with the top
     * bit set (the most precision a 32-bit multiplier can hold). Any
     * nonzero 64-bit frequency gets there within the shift bounds (at
     * most 34 halvings or 30 doublings); the bounds only make that
     * visible to the prover, and ERANGE is unreachable. */
    /*@ loop invariant range: 0 < hz && -63 <= shift <= 0;
        loop assigns hz, shift;
        loop variant shift + 63; */
    while (hz > 2 * TIME_NS_PER_SEC && shift > -63) {
        hz >>= 1;
        shift--;
    }
    /*@ loop invariant range: 0 < hz && -63 <= shift <= 32;
        loop assigns hz, shift;
        loop variant 32 - shift; */
    while (hz <= TIME_NS_PER_SEC && shift < 32) {
        hz <<= 1;
        shift++;
    }
    if (hz <= TIME_NS_PER_SEC || hz > 2 * TIME_NS_PER_SEC)
        return STATUS_ERANGE;
    out->mul = (uint32_t)((TIME_NS_PER_SEC << 32) / hz);
    out->shift = (int8_t)shift;
    return STATUS_OK;
}

uint64_t time_scale_apply(const struct time_scale *scale, uint64_t delta)
{
    uint64_t hi, lo;

    if (scale->shift < 0)
        delta >>= -scale->shift;
    else
        delta <<= scale->shift;
    /* floor(delta * mul / 2^32) without a 128-bit type: split delta. */
    hi = delta >> 32;
    lo = delta & 0xffffffffull;
    return hi * scale->mul + ((lo * scale->mul) >> 32);
}

uint64_t time_record_system_time(const struct vcpu_time_info *r, uint64_t tsc)
{
    struct time_scale scale = {
        .mul = r->tsc_to_system_mul,
        .shift = r->tsc_shift,
    };

    return r->system_time + time_scale_apply(&scale, tsc - r->tsc_timestamp);
}

void time_record_begin_update(struct vcpu_time_info *r)
{
    r->version++;
}

void time_record_end_update(struct vcpu_time_info *r)
{
    r->version++;
}

void time_record_update(struct vcpu_time_info *r, uint64_t tsc,
                        uint64_t system_time, const struct time_scale *scale)
{
    time_record_begin_update(r);
    RECORD_BARRIER();
    r->tsc_timestamp = tsc;
    r->system_time = system_time;
    r->tsc_to_system_mul = scale->mul;
    r->tsc_shift = scale->shift;
    RECORD_BARRIER();
    time_record_end_update(r);
}

bool time_record_consistent(uint32_t v_before, uint32_t v_after)
{
    return v_before % 2 == 0 && v_before == v_after;
}
