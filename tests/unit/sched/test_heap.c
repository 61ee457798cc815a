/* SPDX-License-Identifier: MIT */
/* test_heap.c - unit tests of the indexed min-heap (order, back-pointers, removal). */
#include "unit.h"
#include "core/sched/sched_heap.h"

#define N 257

static struct sched_heap heap;
static struct sched_heap_node *slots[N];
static struct sched_heap_node nodes[N];

/* The heap invariant, checked the slow way. */
static bool heap_valid(const struct sched_heap *h)
{
    for (uint32_t i = 0; i < h->count; i++) {
        if (h->slots[i]->index != i)
            return false;
        if (i > 0 && h->slots[(i - 1) / 2]->key > h->slots[i]->key)
            return false;
    }
    return true;
}

static void reset(uint32_t capacity)
{
    sched_heap_init(&heap, slots, capacity);
    for (uint32_t i = 0; i < N; i++)
        sched_heap_node_init(&nodes[i]);
}

UNIT_TEST(empty_heap_has_no_minimum)
{
    reset(N);
    CHECK(sched_heap_min(&heap) == NULL);
    CHECK_EQ(heap.count, 0);
    CHECK(!sched_heap_contains(&heap, &nodes[0]));
}

UNIT_TEST(insert_keeps_minimum_on_top)
{
    reset(N);
    uint64_t keys[] = { 50, 20, 70, 10, 30, 10, 90 };

    for (uint32_t i = 0; i < ARRAY_SIZE(keys); i++) {
        nodes[i].key = keys[i];
        CHECK_EQ(sched_heap_insert(&heap, &nodes[i]), STATUS_OK);
        CHECK(heap_valid(&heap));
        CHECK(sched_heap_contains(&heap, &nodes[i]));
    }
    CHECK_EQ(sched_heap_min(&heap)->key, 10);
    CHECK(heap.steps > 0);
}

UNIT_TEST(full_heap_refuses_and_changes_nothing)
{
    reset(3);
    for (uint32_t i = 0; i < 3; i++) {
        nodes[i].key = i;
        CHECK_EQ(sched_heap_insert(&heap, &nodes[i]), STATUS_OK);
    }
    nodes[3].key = 0;
    CHECK_EQ(sched_heap_insert(&heap, &nodes[3]), STATUS_ENOSPC);
    CHECK_EQ(heap.count, 3);
    CHECK_EQ(nodes[3].index, SCHED_HEAP_NONE);
}

UNIT_TEST(remove_pops_in_key_order)
{
    uint64_t state = unit_seed();

    reset(N);
    for (uint32_t i = 0; i < N; i++) {
        nodes[i].key = unit_random(&state) % 1000;
        CHECK_EQ(sched_heap_insert(&heap, &nodes[i]), STATUS_OK);
    }
    uint64_t last = 0;
    for (uint32_t i = 0; i < N; i++) {
        struct sched_heap_node *min = sched_heap_min(&heap);

        CHECK(min->key >= last);
        last = min->key;
        sched_heap_remove(&heap, min);
        CHECK_EQ(min->index, SCHED_HEAP_NONE);
        CHECK(heap_valid(&heap));
    }
    CHECK_EQ(heap.count, 0);
}

UNIT_TEST(remove_anywhere_keeps_the_rest)
{
    uint64_t state = unit_seed() ^ 0x55;

    reset(N);
    for (uint32_t i = 0; i < N; i++) {
        nodes[i].key = unit_random(&state) % 100;
        CHECK_EQ(sched_heap_insert(&heap, &nodes[i]), STATUS_OK);
    }
    /* Remove every third node from wherever it sits; exercises both the
     * sift-up and sift-down repair of the hole. */
    for (uint32_t i = 0; i < N; i += 3) {
        sched_heap_remove(&heap, &nodes[i]);
        CHECK(!sched_heap_contains(&heap, &nodes[i]));
        CHECK(heap_valid(&heap));
    }
    for (uint32_t i = 0; i < N; i++)
        CHECK(sched_heap_contains(&heap, &nodes[i]) == (i % 3 != 0));
}

UNIT_TEST(remove_last_slot)
{
    reset(N);
    nodes[0].key = 1;
    nodes[1].key = 2;
    CHECK_EQ(sched_heap_insert(&heap, &nodes[0]), STATUS_OK);
    CHECK_EQ(sched_heap_insert(&heap, &nodes[1]), STATUS_OK);
    sched_heap_remove(&heap, &nodes[1]);
    CHECK_EQ(heap.count, 1);
    CHECK(sched_heap_min(&heap) == &nodes[0]);
}

UNIT_TEST(remove_then_sift_up)
{
    /* A hole filled by a last node smaller than the hole's parent. */
    uint64_t keys[] = { 1, 100, 2, 101, 102, 3, 4 };

    reset(N);
    for (uint32_t i = 0; i < ARRAY_SIZE(keys); i++) {
        nodes[i].key = keys[i];
        CHECK_EQ(sched_heap_insert(&heap, &nodes[i]), STATUS_OK);
    }
    sched_heap_remove(&heap, &nodes[3]);   /* key 101, under 100 */
    CHECK(heap_valid(&heap));
    CHECK_EQ(heap.count, 6);
}
