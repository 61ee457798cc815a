/* SPDX-License-Identifier: MIT */
/* hypercall_page.c - the stubs of the hypercall page (older PV kernels). */
#include "guest/pv/hypercall_page.h"
#include "lib/string.h"
#include "public/xen.h"

#define PAGE_BYTES 4096
#define NR_STUBS   (PAGE_BYTES / HYPERCALL_STUB_SIZE)

static size_t emit(uint8_t *p, size_t at, const uint8_t *bytes, size_t n)
{
    mem_copy(p + at, bytes, n);
    return at + n;
}

/* mov $nr, %eax (b8 imm32) */
static size_t emit_mov_eax(uint8_t *p, size_t at, uint32_t nr)
{
    const uint8_t op[5] = { 0xb8, (uint8_t)nr, (uint8_t)(nr >> 8),
                            (uint8_t)(nr >> 16), (uint8_t)(nr >> 24) };

    return emit(p, at, op, sizeof(op));
}

static void fill_stub(uint8_t *stub, uint32_t nr)
{
    static const uint8_t syscall_ret[] = { 0x0f, 0x05, 0xc3 };
    /* push %rcx; push %r11; push %rax: HYPERVISOR_iret's frame is
     * { rax, r11, rcx, flags, rip, cs, rflags, rsp, ss } upwards. */
    static const uint8_t iret_saves[] = { 0x51, 0x41, 0x53, 0x50 };
    static const uint8_t syscall_only[] = { 0x0f, 0x05 };
    size_t at = 0;

    /* int3 padding: a jump into the middle of a stub traps. */
    mem_set(stub, 0xcc, HYPERCALL_STUB_SIZE);
    if (nr == __HYPERVISOR_iret) {
        at = emit(stub, at, iret_saves, sizeof(iret_saves));
        at = emit_mov_eax(stub, at, nr);
        (void)emit(stub, at, syscall_only, sizeof(syscall_only));
        return;
    }
    at = emit_mov_eax(stub, at, nr);
    (void)emit(stub, at, syscall_ret, sizeof(syscall_ret));
}

void pv_hypercall_page_fill(uint8_t *page)
{
    for (uint32_t nr = 0; nr < NR_STUBS; nr++)
        fill_stub(page + nr * HYPERCALL_STUB_SIZE, nr);
}
