/* SPDX-License-Identifier: MIT */
/* spec/domain_logic.h - ACSL predicates of domains and vCPUs (see domain.md). */
#ifndef STRATA_SPEC_DOMAIN_LOGIC_H
#define STRATA_SPEC_DOMAIN_LOGIC_H

/*@
  // A live domain: in the table's bounds, referenced, within its limits.
  predicate DomainValid(struct domain *d) =
      \valid(d) &&
      d->id < DOMAIN_TABLE_SIZE &&
      d->state != DOMAIN_FREE &&
      d->refcount > 0 &&
      d->limits.max_vcpus <= DOMAIN_MAX_VCPUS &&
      d->nr_vcpus <= d->limits.max_vcpus &&
      d->limits.max_evtchn_ports <= EVTCHN_2L_NR_CHANNELS &&
      d->limits.max_grant_frames <= DOMAIN_MAX_GRANT_FRAMES;

  // A vCPU of a live domain, at its own index.
  predicate VcpuValid(struct vcpu *v) =
      \valid(v) && DomainValid(v->domain) &&
      v->id < v->domain->nr_vcpus &&
      v == &v->domain->vcpus[v->id];
*/

#endif /* STRATA_SPEC_DOMAIN_LOGIC_H */
