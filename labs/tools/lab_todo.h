/* SPDX-License-Identifier: MIT */
/* lab_todo.h - what a lab hand-out's stubs call: stop loudly, naming the lab. */
#ifndef STRATA_LAB_TODO_H
#define STRATA_LAB_TODO_H

/*
 * labgen.py copies this header into a hand-out as src/lab_todo.h and
 * includes it in every file where it left a stub. It is never part of
 * the full tree's build. A stub is LAB_TODO(n, "what"): it prints
 * "LAB n TODO: what" and stops (abort() on the host, panic() in the
 * image), so a missing piece can never pass a test by accident.
 */
#include "lib/compiler.h"

#define LAB_TODO_TEXT(n, what) "LAB " #n " TODO: " what " (not implemented yet)"

#ifdef STRATA_HOST
#include <stdio.h>
#include <stdlib.h>

static inline NORETURN void lab_todo_stop(const char *text)
{
    fflush(stdout);
    fprintf(stderr, "%s\n", text);
    abort();
}
#else
#include "lib/print.h"

static inline NORETURN void lab_todo_stop(const char *text)
{
    panic("%s", text);
}
#endif

#define LAB_TODO(n, what) lab_todo_stop(LAB_TODO_TEXT(n, what))

#endif /* STRATA_LAB_TODO_H */
