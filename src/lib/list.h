/* SPDX-License-Identifier: MIT */
/* list.h - intrusive circular doubly-linked lists (header-only). */
#ifndef STRATA_LIB_LIST_H
#define STRATA_LIB_LIST_H

#include "lib/compiler.h"

/*
 * A list is a head node; elements embed a struct list_node and are found
 * from it with list_entry(). An empty list's head points at itself both
 * ways, so insertion and removal never test for NULL.
 */
struct list_node {
    struct list_node *next;
    struct list_node *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

/* The structure of type `type` whose member `member` is node. */
#define list_entry(node, type, member) container_of(node, type, member)

/* Visit every node of head in order; the body must not remove pos. */
#define LIST_FOR_EACH(pos, head) \
    for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Visit every node; the body may remove pos (tmp holds the next one). */
#define LIST_FOR_EACH_SAFE(pos, tmp, head)                                  \
    for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);        \
         (pos) = (tmp), (tmp) = (pos)->next)

/* Make head an empty list. */
/*@ requires valid_head: \valid(head);
    assigns head->next, head->prev;
    ensures empty: head->next == head && head->prev == head; */
static inline void list_init(struct list_node *head)
{
    head->next = head;
    head->prev = head;
}

/* True if head has no elements. */
/*@ requires valid_head: \valid_read(head);
    assigns \nothing;
    ensures result: \result <==> head->next == head; */
static inline bool list_empty(const struct list_node *head)
{
    return head->next == (struct list_node *)head;
}

/* Link node between the adjacent nodes prev and next. */
/*@ requires valid_nodes: \valid(prev) && \valid(next) && \valid(node);
    requires adjacent: prev->next == next && next->prev == prev;
    requires fresh: \separated(node, prev) && \separated(node, next);
    assigns prev->next, next->prev, node->next, node->prev;
    ensures linked_prev: prev->next == node && node->prev == prev;
    ensures linked_next: next->prev == node && node->next == next; */
static inline void list_link(struct list_node *node, struct list_node *prev,
                             struct list_node *next)
{
    next->prev = node;
    node->next = next;
    node->prev = prev;
    prev->next = node;
}

/* Insert node at the front of the list head. */
/*@ requires valid_nodes: \valid(head) && \valid(head->next) && \valid(node);
    requires well_linked: head->next->prev == head;
    requires fresh: \separated(node, head) && \separated(node, head->next);
    assigns head->next, head->next->prev, node->next, node->prev;
    ensures first: head->next == node && node->prev == head;
    ensures rest: node->next == \old(head->next) &&
                  \old(head->next)->prev == node; */
static inline void list_add_head(struct list_node *head, struct list_node *node)
{
    list_link(node, head, head->next);
}

/* Insert node at the back of the list head. */
/*@ requires valid_nodes: \valid(head) && \valid(head->prev) && \valid(node);
    requires well_linked: head->prev->next == head;
    requires fresh: \separated(node, head) && \separated(node, head->prev);
    assigns head->prev, head->prev->next, node->next, node->prev;
    ensures last: head->prev == node && node->next == head;
    ensures rest: node->prev == \old(head->prev) &&
                  \old(head->prev)->next == node; */
static inline void list_add_tail(struct list_node *head, struct list_node *node)
{
    list_link(node, head->prev, head);
}

/* Unlink node from its list and leave it as an empty list of its own,
 * so removing it twice is harmless. */
/*@ requires valid_nodes: \valid(node) && \valid(node->prev) && \valid(node->next);
    requires well_linked: node->prev->next == node && node->next->prev == node;
    assigns node->prev->next, node->next->prev, node->next, node->prev;
    ensures alone: node->next == node && node->prev == node;
    behavior already_alone:
      assumes node->next == node;
    behavior linked:
      assumes node->next != node;
      requires distinct: \separated(node, node->prev) && \separated(node, node->next);
      requires neighbours: node->prev == node->next ||
                           \separated(node->prev, node->next);
      ensures unlinked: \old(node->prev)->next == \old(node->next) &&
                        \old(node->next)->prev == \old(node->prev);
    complete behaviors;
    disjoint behaviors; */
static inline void list_remove(struct list_node *node)
{
    struct list_node *prev = node->prev;
    struct list_node *next = node->next;

    next->prev = prev;
    prev->next = next;
    node->next = node;
    node->prev = node;
}

#endif /* STRATA_LIB_LIST_H */
