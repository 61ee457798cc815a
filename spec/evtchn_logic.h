/* SPDX-License-Identifier: MIT */
/* spec/evtchn_logic.h - ACSL predicates of event channels (see evtchn.md). */
#ifndef STRATA_SPEC_EVTCHN_LOGIC_H
#define STRATA_SPEC_EVTCHN_LOGIC_H

/*@
  // Index of (domain slot a, port p) in the flat port table.
  logic integer EvtchnIndex(integer a, integer p) = a * EVTCHN_MAX_PORTS + p;

  // A port record is well formed: bounded state, peer inside the table.
  predicate EvtchnValid(struct evtchn *c) =
      \valid(c) && c->state <= EVTCHNSTAT_ipi &&
      (c->state == EVTCHNSTAT_interdomain ==>
          c->remote_dom < DOMAIN_TABLE_SIZE &&
          0 < c->remote_port < EVTCHN_MAX_PORTS);

  // The interdomain binding is symmetric: if (a, p) is connected to
  // (b, q) then (b, q) is connected back to (a, p).
  predicate EvtchnSymmetric{L}(struct evtchn *t) =
      \forall integer a, p;
          0 <= a < DOMAIN_TABLE_SIZE && 0 <= p < EVTCHN_MAX_PORTS &&
          t[EvtchnIndex(a, p)].state == EVTCHNSTAT_interdomain ==>
              t[EvtchnIndex(a, p)].remote_dom < DOMAIN_TABLE_SIZE &&
              0 < t[EvtchnIndex(a, p)].remote_port < EVTCHN_MAX_PORTS &&
              t[EvtchnIndex(t[EvtchnIndex(a, p)].remote_dom,
                            t[EvtchnIndex(a, p)].remote_port)].state
                  == EVTCHNSTAT_interdomain &&
              t[EvtchnIndex(t[EvtchnIndex(a, p)].remote_dom,
                            t[EvtchnIndex(a, p)].remote_port)].remote_dom == a &&
              t[EvtchnIndex(t[EvtchnIndex(a, p)].remote_dom,
                            t[EvtchnIndex(a, p)].remote_port)].remote_port == p;

  predicate EvtchnTableValid(struct evtchn *t) =
      \valid(t + (0 .. DOMAIN_TABLE_SIZE * EVTCHN_MAX_PORTS - 1));
*/

#endif /* STRATA_SPEC_EVTCHN_LOGIC_H */
