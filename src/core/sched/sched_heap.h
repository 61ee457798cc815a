/* SPDX-License-Identifier: MIT */
/* sched_heap.h - an indexed binary min-heap in a fixed array (timers, runqueues). */
#ifndef STRATA_CORE_SCHED_SCHED_HEAP_H
#define STRATA_CORE_SCHED_SCHED_HEAP_H

#include "lib/compiler.h"
#include "lib/status.h"

/*
 * The heap orders nodes embedded in their owners (a timer, a unit) by a
 * 64-bit key, smallest first. Each node remembers its slot, so removing
 * an arbitrary node is O(log n) and needs no search. The caller provides
 * the slot array and serialises access (the owner's lock).
 */

#define SCHED_HEAP_NONE          0xffffffffu  /* node.index when not queued */
#define SCHED_HEAP_MAX_CAPACITY  65536u

struct sched_heap_node {
    uint64_t key;      /* ordering key; change only while not queued */
    uint32_t index;    /* slot in the heap, or SCHED_HEAP_NONE */
};

struct sched_heap {
    struct sched_heap_node **slots;  /* capacity entries, [0] is a minimum */
    uint32_t count;                  /* queued nodes */
    uint32_t capacity;               /* length of slots */
    uint64_t steps;                  /* sift steps taken: a cost counter */
};

#include "sched_heap_logic.h"  /* the ACSL predicates (spec/) */

/* Mark a node as not queued anywhere (call once before first use). */
/*@ requires valid_node: \valid(n);
    assigns n->index, n->key;
    ensures detached: n->index == SCHED_HEAP_NONE;
    ensures zero_key: n->key == 0; */
void sched_heap_node_init(struct sched_heap_node *n);

/* Make h an empty heap over slots[0 .. capacity - 1]. */
/*@ requires valid_heap: \valid(h);
    requires capacity_range: 0 < capacity <= SCHED_HEAP_MAX_CAPACITY;
    requires valid_slots: \valid(slots + (0 .. capacity - 1));
    requires apart: \separated(h, slots + (0 .. capacity - 1));
    assigns *h;
    ensures valid: SchedHeapValid(h);
    ensures empty: h->count == 0;
    ensures capacity: h->capacity == capacity && h->slots == slots; */
void sched_heap_init(struct sched_heap *h, struct sched_heap_node **slots,
                     uint32_t capacity);

/* A node with a smallest key, or NULL when the heap is empty. */
/*@ requires valid: SchedHeapValid(h);
    assigns \nothing;
    behavior empty:
      assumes h->count == 0;
      ensures none: \result == \null;
    behavior nonempty:
      assumes h->count > 0;
      ensures first: \result == h->slots[0];
      ensures minimum: \forall integer i; 0 <= i < h->count ==>
          \result->key <= h->slots[i]->key;
    complete behaviors;
    disjoint behaviors; */
struct sched_heap_node *sched_heap_min(const struct sched_heap *h);

/* Queue n (not queued anywhere) by n->key; ENOSPC when the heap is full. */
/*@ requires valid: SchedHeapValid(h);
    requires valid_node: \valid(n) && \separated(n, h);
    requires detached: n->index == SCHED_HEAP_NONE;
    assigns h->count, h->steps, h->slots[0 .. h->capacity - 1],
            n->index, h->slots[0 .. h->capacity - 1]->index;
    behavior full:
      assumes h->count == h->capacity;
      assigns \nothing;
      ensures result: \result == STATUS_ENOSPC;
    behavior queued:
      assumes h->count < h->capacity;
      ensures valid: SchedHeapValid(h);
      ensures result: \result == STATUS_OK;
      ensures grown: h->count == \old(h->count) + 1;
      ensures holds: SchedHeapHolds(h, n);
    complete behaviors;
    disjoint behaviors; */
status_t sched_heap_insert(struct sched_heap *h, struct sched_heap_node *n);

/* Take n, which h holds, out of the heap. */
/*@ requires valid: SchedHeapValid(h);
    requires held: SchedHeapHolds(h, n);
    assigns h->count, h->steps, h->slots[0 .. h->capacity - 1],
            h->slots[0 .. h->capacity - 1]->index;
    ensures valid: SchedHeapValid(h);
    ensures shrunk: h->count == \old(h->count) - 1;
    ensures detached: n->index == SCHED_HEAP_NONE; */
void sched_heap_remove(struct sched_heap *h, struct sched_heap_node *n);

/* True if h holds n. */
/*@ requires valid: SchedHeapValid(h);
    requires valid_node: \valid_read(n);
    assigns \nothing;
    ensures result: \result <==> SchedHeapHolds(h, n); */
bool sched_heap_contains(const struct sched_heap *h, struct sched_heap_node *n);

#endif /* STRATA_CORE_SCHED_SCHED_HEAP_H */
