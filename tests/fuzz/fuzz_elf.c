/* SPDX-License-Identifier: MIT */
/* fuzz_elf.c - libFuzzer harness: arbitrary bytes through the PV builder's ELF checks. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "guest/pv/elf_load.h"

/* Checks what elf_parse promises for an accepted image. */
static void check_image(const struct elf_image *e, size_t len)
{
    if (e->nr_segments == 0 || e->nr_segments > ELF_MAX_SEGMENTS)
        abort();
    for (unsigned int i = 0; i < e->nr_segments; i++) {
        const struct elf_segment *s = &e->segments[i];

        if (s->filesz > s->memsz || s->offset > len || s->filesz > len - s->offset ||
            s->paddr + s->memsz < s->paddr || s->paddr < e->paddr_low ||
            s->paddr + s->memsz > e->paddr_high)
            abort();
        for (unsigned int j = 0; j < i; j++) {
            const struct elf_segment *o = &e->segments[j];
            if (s->paddr < o->paddr + o->memsz && o->paddr < s->paddr + s->memsz)
                abort();
        }
    }
    if (e->guest_os[ELF_NOTE_STR_MAX - 1] != '\0' || e->features[ELF_NOTE_STR_MAX - 1] != '\0')
        abort();
}

/* The input is copied into a buffer of exactly its size, so ASan reports
 * any read past it; the error line must always be terminated. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    struct elf_image img;
    char err[96];

    memcpy(buf, data, size);
    memset(err, 'x', sizeof(err));
    if (elf_parse(buf, size, &img, err, sizeof(err)) == 0)
        check_image(&img, size);
    else if (memchr(err, '\0', sizeof(err)) == NULL)
        abort();
    free(buf);
    return 0;
}
