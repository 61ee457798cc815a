/* SPDX-License-Identifier: MIT */
/* cmdline.c - key=value words of start_info.cmd_line. */
#include "guest.h"

static const char *cmdline_text(void)
{
    return start_info != NULL ? start_info->cmd_line : "";
}

/* Start of the word "key" or "key=..." in s, or NULL. */
static const char *find_word(const char *s, const char *key)
{
    size_t klen = strlen(key);

    while (*s) {
        while (*s == ' ')
            s++;
        if (strncmp(s, key, klen) == 0 && (s[klen] == '=' || s[klen] == ' ' || s[klen] == '\0'))
            return s;
        while (*s && *s != ' ')
            s++;
    }
    return NULL;
}

bool cmdline_get(const char *key, char *buf, size_t size)
{
    const char *w = find_word(cmdline_text(), key);
    size_t n = 0;

    if (w == NULL)
        return false;
    w += strlen(key);
    if (*w == '=')
        w++;
    while (w[n] && w[n] != ' ' && n + 1 < size) {
        buf[n] = w[n];
        n++;
    }
    if (size > 0)
        buf[n] = '\0';
    return true;
}

static bool parse_uint(const char *s, uint64_t *out)
{
    unsigned int base = 10;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0')
        return false;
    for (; *s; s++) {
        unsigned int d;

        if (*s >= '0' && *s <= '9')
            d = (unsigned int)(*s - '0');
        else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
            d = (unsigned int)((*s | 0x20) - 'a' + 10);
        else
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

uint64_t cmdline_uint(const char *key, uint64_t fallback)
{
    char buf[32];
    uint64_t v;

    if (!cmdline_get(key, buf, sizeof(buf)) || !parse_uint(buf, &v))
        return fallback;
    return v;
}

int cmdline_domid(void)
{
    uint64_t id = cmdline_uint("domid", UINT64_MAX);

    if (id == UINT64_MAX && start_info != NULL && (start_info->flags & SIF_INITDOMAIN))
        return 0;
    return id >= DOMID_FIRST_RESERVED ? -1 : (int)id;
}

unsigned int cmdline_guests(void)
{
    uint64_t n = cmdline_uint("guests", 1);

    return n == 0 || n > 64 ? 1 : (unsigned int)n;
}
