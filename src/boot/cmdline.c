/* SPDX-License-Identifier: MIT */
/* cmdline.c - find "key=value" words on the command line. */
#include "boot/cmdline.h"
#include "lib/string.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* True if the word at w is "key=..." */
static bool word_has_key(const char *w, const char *key, size_t key_len)
{
    return str_compare_bounded(w, key, key_len) == 0 && w[key_len] == '=';
}

bool cmdline_option(const char *cmdline, const char *key, char *value, size_t size)
{
    size_t key_len = str_length(key);
    const char *p = cmdline;

    while (*p != '\0') {
        while (is_space(*p))
            p++;
        if (word_has_key(p, key, key_len)) {
            size_t n = 0;

            p += key_len + 1;
            while (p[n] != '\0' && !is_space(p[n]) && n + 1 < size) {
                value[n] = p[n];
                n++;
            }
            value[n] = '\0';
            return true;
        }
        while (*p != '\0' && !is_space(*p))
            p++;
    }
    return false;
}
