/* SPDX-License-Identifier: MIT */
/* sched_heap_logic.h - ACSL predicates of the indexed binary min-heap (spec/sched.md). */
#ifndef STRATA_SPEC_SCHED_HEAP_LOGIC_H
#define STRATA_SPEC_SCHED_HEAP_LOGIC_H

/*
 * An indexed min-heap is the one ordered structure of timers and
 * scheduling (spec/timer.md, spec/sched.md). SchedHeapValid is its
 * invariant:
 *  - shape: count <= capacity <= SCHED_HEAP_MAX_CAPACITY, the slot array
 *    is valid and does not overlap the heap header;
 *  - back-pointers: every queued node is valid, outside the header, and
 *    knows its own slot (slots[i]->index == i), which also makes the
 *    queued nodes pairwise distinct;
 *  - order: no node has a smaller key than its parent, so slots[0] holds
 *    a minimum.
 */

/*@ predicate SchedHeapShape(struct sched_heap *h) =
      \valid(h) &&
      0 < h->capacity <= SCHED_HEAP_MAX_CAPACITY &&
      h->count <= h->capacity &&
      \valid(h->slots + (0 .. h->capacity - 1)) &&
      \separated(h, h->slots + (0 .. h->capacity - 1));

    predicate SchedHeapLinked(struct sched_heap *h) =
      \forall integer i; 0 <= i < h->count ==>
        \valid(h->slots[i]) && \separated(h, h->slots[i]) &&
        h->slots[i]->index == i;

    predicate SchedHeapOrdered(struct sched_heap *h) =
      \forall integer i; 0 < i < h->count ==>
        h->slots[(i - 1) / 2]->key <= h->slots[i]->key;

    predicate SchedHeapValid(struct sched_heap *h) =
      SchedHeapShape(h) && SchedHeapLinked(h) && SchedHeapOrdered(h);

    // The root is a minimum. True by induction on the depth of a slot
    // (each parent is no larger than its child); SMT solvers do not do
    // induction, so WP leaves this lemma unproved (proofs/timer.heap/unproved.md).
    lemma heap_root_minimal{L}: \forall struct sched_heap *h;
      SchedHeapValid(h) ==> \forall integer i; 0 <= i < h->count ==>
        h->slots[0]->key <= h->slots[i]->key;

    // n is queued in h (at the slot its back-pointer names).
    predicate SchedHeapHolds(struct sched_heap *h, struct sched_heap_node *n) =
      n->index < h->count && h->slots[n->index] == n;
*/

#endif /* STRATA_SPEC_SCHED_HEAP_LOGIC_H */
