/* SPDX-License-Identifier: MIT */
/* time_record.h - guest time records: TSC scale factors and the version protocol. */
#ifndef STRATA_CORE_SCHED_TIME_RECORD_H
#define STRATA_CORE_SCHED_TIME_RECORD_H

#include "lib/compiler.h"
#include "lib/status.h"
#include "public/xen.h"

/*
 * A guest turns its TSC into system time (ns since boot) with the record
 * Strata keeps in vcpu_info.time (Xen's vcpu_time_info):
 *
 *   system_time + ((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul >> 32
 *
 * where a negative tsc_shift shifts right. The hypervisor bumps version
 * to an odd value before it rewrites the record and to the next even
 * value after; a reader retries while the version it read first is odd
 * or differs from the one it reads after copying.
 */

struct time_scale {
    uint32_t mul;    /* 0.32 fixed-point multiplier, in [2^31, 2^32) */
    int8_t shift;    /* applied to the TSC delta before mul (<0: right) */
};

/*@ predicate TimeScaleValid(struct time_scale *s) =
      \valid(s) && 0x80000000 <= s->mul && -63 <= s->shift <= 32;
*/

#define TIME_NS_PER_SEC 1000000000ull

/* Scale factors that turn ticks of a tsc_hz clock into nanoseconds
 * (ERANGE is never returned for tsc_hz > 0; see time_record.c). */
/*@ requires valid_out: \valid(out);
    assigns *out;
    behavior bad_freq:
      assumes tsc_hz == 0;
      assigns \nothing;
      ensures result: \result == STATUS_EINVAL;
    behavior scaled:
      assumes tsc_hz != 0;
      ensures result: \result == STATUS_OK || \result == STATUS_ERANGE;
      ensures valid: \result == STATUS_OK ==> TimeScaleValid(out);
    complete behaviors;
    disjoint behaviors; */
status_t time_scale_from_hz(uint64_t tsc_hz, struct time_scale *out);

/* delta TSC ticks in ns: (delta << shift) * mul >> 32, modulo 2^64. */
/*@ requires valid: \valid_read(scale) && -63 <= scale->shift <= 63;
    assigns \nothing; */
uint64_t time_scale_apply(const struct time_scale *scale, uint64_t delta);

/* The system time a guest computes from record r at TSC value tsc. */
/*@ requires valid: \valid_read(r) && -63 <= r->tsc_shift <= 63;
    assigns \nothing; */
uint64_t time_record_system_time(const struct vcpu_time_info *r, uint64_t tsc);

/* Start a rewrite of r: version becomes odd. */
/*@ requires valid: \valid(r);
    requires stable: r->version % 2 == 0;
    assigns r->version;
    ensures odd: r->version == \old(r->version) + 1 && r->version % 2 == 1; */
void time_record_begin_update(struct vcpu_time_info *r);

/* Finish a rewrite of r: version becomes the next even value. */
/*@ requires valid: \valid(r);
    requires updating: r->version % 2 == 1;
    assigns r->version;
    behavior step:
      assumes r->version < UINT32_MAX;
      ensures even: r->version == \old(r->version) + 1 && r->version % 2 == 0;
    behavior wrap:
      assumes r->version == UINT32_MAX;
      ensures even: r->version == 0;
    complete behaviors;
    disjoint behaviors; */
void time_record_end_update(struct vcpu_time_info *r);

/* Publish (tsc, system_time, scale) in r under the version protocol. */
/*@ requires valid: \valid(r) && TimeScaleValid(scale);
    requires apart: \separated(r, scale);
    requires stable: r->version % 2 == 0;
    assigns r->version, r->tsc_timestamp, r->system_time,
            r->tsc_to_system_mul, r->tsc_shift;
    ensures version: r->version == (\old(r->version) + 2) % 4294967296;
    ensures stamp: r->tsc_timestamp == tsc && r->system_time == system_time;
    ensures scale: r->tsc_to_system_mul == scale->mul &&
                   r->tsc_shift == scale->shift; */
void time_record_update(struct vcpu_time_info *r, uint64_t tsc,
                        uint64_t system_time, const struct time_scale *scale);

/* The reader's check: a copy taken between reading version v_before and
 * v_after is consistent iff v_before is even and equals v_after. */
/*@ assigns \nothing;
    behavior consistent:
      assumes v_before % 2 == 0 && v_before == v_after;
      ensures result: \result == true;
    behavior retry:
      assumes v_before % 2 == 1 || v_before != v_after;
      ensures result: \result == false;
    complete behaviors;
    disjoint behaviors; */
bool time_record_consistent(uint32_t v_before, uint32_t v_after);

#endif /* STRATA_CORE_SCHED_TIME_RECORD_H */
