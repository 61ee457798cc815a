/* SPDX-License-Identifier: MIT */
/* list_proof.c - a translation unit that lets WP prove the static inline
 * functions of lib/list.h (a header alone is not a proof unit; the
 * options file keeps the unused static functions). */
#include "lib/list.h"
