/* SPDX-License-Identifier: MIT */
/* test_list.c - intrusive list: order, removal, safe iteration. */
#include "lib/list.h"
#include "unit.h"

struct item {
    int value;
    struct list_node link;
};

/* Sum of value * position, so both membership and order are checked. */
static int weighted(struct list_node *head)
{
    struct list_node *pos;
    int sum = 0, position = 1;

    LIST_FOR_EACH(pos, head)
        sum += list_entry(pos, struct item, link)->value * position++;
    return sum;
}

UNIT_TEST(head_and_tail_insertion_order)
{
    struct list_node head = LIST_HEAD_INIT(head);
    struct item a = { 1, { 0, 0 } }, b = { 2, { 0, 0 } }, c = { 3, { 0, 0 } };

    CHECK(list_empty(&head));
    list_add_tail(&head, &a.link);
    list_add_tail(&head, &b.link);
    list_add_head(&head, &c.link);             /* c a b */
    CHECK(!list_empty(&head));
    CHECK_EQ(weighted(&head), 3 * 1 + 1 * 2 + 2 * 3);
    CHECK(head.prev == &b.link && b.link.next == &head);
}

UNIT_TEST(remove_relinks_and_isolates)
{
    struct list_node head;
    struct item a = { 1, { 0, 0 } }, b = { 2, { 0, 0 } }, c = { 3, { 0, 0 } };

    list_init(&head);
    list_add_tail(&head, &a.link);
    list_add_tail(&head, &b.link);
    list_add_tail(&head, &c.link);
    list_remove(&b.link);
    CHECK_EQ(weighted(&head), 1 * 1 + 3 * 2);
    CHECK(list_empty(&b.link));
    list_remove(&b.link);                       /* twice is harmless */
    CHECK_EQ(weighted(&head), 1 * 1 + 3 * 2);
    list_remove(&a.link);
    list_remove(&c.link);
    CHECK(list_empty(&head));
}

UNIT_TEST(safe_iteration_may_remove)
{
    struct list_node head = LIST_HEAD_INIT(head);
    struct item items[5];
    struct list_node *pos, *tmp;

    for (int i = 0; i < 5; i++) {
        items[i].value = i;
        list_add_tail(&head, &items[i].link);
    }
    LIST_FOR_EACH_SAFE(pos, tmp, &head) {
        if (list_entry(pos, struct item, link)->value % 2 == 0)
            list_remove(pos);
    }
    CHECK_EQ(weighted(&head), 1 * 1 + 3 * 2);
}
