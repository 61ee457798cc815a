/* SPDX-License-Identifier: MIT */
/* sched_heap.c - the indexed binary min-heap: sift up, sift down, remove anywhere. */
#include "core/sched/sched_heap.h"

/*@ logic integer Parent(integer i) = (i - 1) / 2; */

void sched_heap_node_init(struct sched_heap_node *n)
{
    n->index = SCHED_HEAP_NONE;
    n->key = 0;
}

void sched_heap_init(struct sched_heap *h, struct sched_heap_node **slots,
                     uint32_t capacity)
{
    h->slots = slots;
    h->count = 0;
    h->capacity = capacity;
    h->steps = 0;
}

struct sched_heap_node *sched_heap_min(const struct sched_heap *h)
{
    if (h->count == 0)
        return NULL;
    return h->slots[0];
}

bool sched_heap_contains(const struct sched_heap *h, struct sched_heap_node *n)
{
    return n->index < h->count && h->slots[n->index] == n;
}

/* Exchange slots i and j and their back-pointers. */
/*@ requires shape: SchedHeapShape(h) && SchedHeapLinked(h);
    requires in_range: i < h->count && j < h->count && i != j;
    assigns h->slots[i], h->slots[j], h->slots[i]->index, h->slots[j]->index;
    ensures shape: SchedHeapShape(h) && SchedHeapLinked(h);
    ensures swapped: h->slots[i] == \old(h->slots[j]) &&
                     h->slots[j] == \old(h->slots[i]);
    ensures others: \forall integer k; 0 <= k < h->count && k != i && k != j ==>
                    h->slots[k] == \old(h->slots[k]);
    ensures keys: \forall integer k; 0 <= k < h->count ==>
                  h->slots[k]->key == \at(h->slots[k]->key, Pre) ||
                  (k == i && h->slots[k]->key == \old(h->slots[j]->key)) ||
                  (k == j && h->slots[k]->key == \old(h->slots[i]->key)); */
static void heap_swap(struct sched_heap *h, uint32_t i, uint32_t j)
{
    struct sched_heap_node *a = h->slots[i];
    struct sched_heap_node *b = h->slots[j];

    h->slots[i] = b;
    h->slots[j] = a;
    b->index = i;
    a->index = j;
}

/* Move the node at slot i up until its parent is not larger. */
/*@ requires shape: SchedHeapShape(h) && SchedHeapLinked(h);
    requires in_range: i < h->count;
    requires ordered_but_i: \forall integer k; 0 < k < h->count && k != i ==>
        h->slots[Parent(k)]->key <= h->slots[k]->key;
    requires bridge: 0 < i ==> \forall integer k; 0 < k < h->count &&
        Parent(k) == i ==> h->slots[Parent(i)]->key <= h->slots[k]->key;
    assigns h->steps, h->slots[0 .. h->count - 1],
            h->slots[0 .. h->count - 1]->index;
    ensures valid: SchedHeapValid(h); */
static void heap_sift_up(struct sched_heap *h, uint32_t i)
{
    /*@ loop invariant range: i < h->count;
        loop invariant shape: SchedHeapShape(h) && SchedHeapLinked(h);
        loop invariant ordered_but_i: \forall integer k; 0 < k < h->count &&
            k != i ==> h->slots[Parent(k)]->key <= h->slots[k]->key;
        loop invariant bridge: 0 < i ==> \forall integer k; 0 < k < h->count &&
            Parent(k) == i ==> h->slots[Parent(i)]->key <= h->slots[k]->key;
        loop assigns i, h->steps, h->slots[0 .. h->count - 1],
                     h->slots[0 .. h->count - 1]->index;
        loop variant i; */
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;

        if (h->slots[parent]->key <= h->slots[i]->key)
            break;
        heap_swap(h, i, parent);
        h->steps++;
        i = parent;
    }
}

/* The child of i with the smaller key, or i itself when i has no child. */
/*@ requires shape: SchedHeapShape(h) && SchedHeapLinked(h);
    requires in_range: i < h->count;
    assigns \nothing;
    ensures range: \result < h->count;
    ensures self_or_child: \result == i || Parent(\result) == i;
    ensures leaf: \result == i ==> \forall integer k; 0 < k < h->count ==>
        Parent(k) != i;
    ensures smallest: \result != i ==> \forall integer k; 0 < k < h->count &&
        Parent(k) == i ==> h->slots[\result]->key <= h->slots[k]->key; */
static uint32_t heap_smaller_child(const struct sched_heap *h, uint32_t i)
{
    uint64_t left = 2 * (uint64_t)i + 1;
    uint64_t right = left + 1;

    if (left >= h->count)
        return i;
    if (right < h->count && h->slots[right]->key < h->slots[left]->key)
        return (uint32_t)right;
    return (uint32_t)left;
}

/* Move the node at slot i down until no child is smaller. */
/*@ requires shape: SchedHeapShape(h) && SchedHeapLinked(h);
    requires in_range: i < h->count;
    requires ordered_but_i: \forall integer k; 0 < k < h->count &&
        Parent(k) != i ==> h->slots[Parent(k)]->key <= h->slots[k]->key;
    requires bridge: 0 < i ==> \forall integer k; 0 < k < h->count &&
        Parent(k) == i ==> h->slots[Parent(i)]->key <= h->slots[k]->key;
    assigns h->steps, h->slots[0 .. h->count - 1],
            h->slots[0 .. h->count - 1]->index;
    ensures valid: SchedHeapValid(h); */
static void heap_sift_down(struct sched_heap *h, uint32_t i)
{
    /*@ loop invariant range: i < h->count;
        loop invariant shape: SchedHeapShape(h) && SchedHeapLinked(h);
        loop invariant ordered_but_i: \forall integer k; 0 < k < h->count &&
            Parent(k) != i ==> h->slots[Parent(k)]->key <= h->slots[k]->key;
        loop invariant bridge: 0 < i ==> \forall integer k; 0 < k < h->count &&
            Parent(k) == i ==> h->slots[Parent(i)]->key <= h->slots[k]->key;
        loop assigns i, h->steps, h->slots[0 .. h->count - 1],
                     h->slots[0 .. h->count - 1]->index;
        loop variant h->count - i; */
    for (;;) {
        uint32_t child = heap_smaller_child(h, i);

        if (child == i || h->slots[i]->key <= h->slots[child]->key)
            break;
        heap_swap(h, i, child);
        h->steps++;
        i = child;
    }
}

status_t sched_heap_insert(struct sched_heap *h, struct sched_heap_node *n)
{
    uint32_t slot = h->count;

    if (slot == h->capacity)
        return STATUS_ENOSPC;
    h->slots[slot] = n;
    n->index = slot;
    h->count = slot + 1;
    heap_sift_up(h, slot);
    return STATUS_OK;
}

void sched_heap_remove(struct sched_heap *h, struct sched_heap_node *n)
{
    uint32_t slot = n->index;
    uint32_t last = h->count - 1;

    if (slot != last) {
        heap_swap(h, slot, last);
        h->count = last;
        n->index = SCHED_HEAP_NONE;
        if (slot > 0 && h->slots[slot]->key < h->slots[(slot - 1) / 2]->key)
            heap_sift_up(h, slot);
        else
            heap_sift_down(h, slot);
        return;
    }
    h->count = last;
    n->index = SCHED_HEAP_NONE;
}
