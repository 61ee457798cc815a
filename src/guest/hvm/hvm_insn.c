/* SPDX-License-Identifier: MIT */
/* hvm_insn.c - guest paging walks, instruction fetch and fixed-instruction lengths. */
#include "guest/hvm/hvm_insn.h"
#include "guest/x86/decode.h"
#include "mm/guest_copy.h"
#include "lib/string.h"

#define CR0_PE          (1ULL << 0)
#define CR0_PG          (1ULL << 31)
#define CR4_PSE         (1ULL << 4)
#define CR4_PAE         (1ULL << 5)
#define EFER_LMA        (1ULL << 10)
#define PTE_P           (1ULL << 0)
#define PTE_PS          (1ULL << 7)
#define PTE_ADDR        0x000ffffffffff000ULL
#define PAE_CR3_ADDR    0x00000000ffffffe0ULL
#define LEGACY_CR3_ADDR 0x00000000fffff000ULL
#define ADDR32          0xffffffffULL

void hvm_mode_of(const struct arch_hvm_state *st, struct hvm_mode *m)
{
    uint16_t cs_attr = st->seg[HVM_SEG_CS].attr;

    m->paging = (st->cr0 & CR0_PG) && (st->cr0 & CR0_PE);
    m->pae = (st->cr4 & CR4_PAE) != 0;
    m->pse = (st->cr4 & CR4_PSE) != 0;
    m->long_mode = (st->efer & EFER_LMA) != 0;
    m->code64 = m->long_mode && (cs_attr & HVM_SEG_ATTR_L);
    m->code32 = !m->code64 && (st->cr0 & CR0_PE) && (cs_attr & HVM_SEG_ATTR_DB);
    m->cr3 = st->cr3;
    m->cs_base = m->code64 ? 0 : st->seg[HVM_SEG_CS].base;
}

static status_t read_entry(struct mm_domain *mm, uint64_t gpa, size_t size, uint64_t *e)
{
    struct guest_mem g = { .d = mm, .mode = GUEST_MEM_PHYS };

    *e = 0;
    return copy_from_guest(&g, e, gpa, size, NULL);
}

/* One level of a walk: the entry for index in the table at table_gpa. */
static status_t walk_step(struct mm_domain *mm, uint64_t table_gpa, unsigned int index,
                          size_t size, uint64_t *e)
{
    if (read_entry(mm, table_gpa + (uint64_t)index * size, size, e) != STATUS_OK ||
        !(*e & PTE_P))
        return STATUS_EFAULT;
    return STATUS_OK;
}

/* 4-level (long mode) or 3-level (PAE) walk with 8-byte entries. */
static status_t walk64(struct mm_domain *mm, const struct hvm_mode *m, uint64_t la, uint64_t *gpa)
{
    unsigned int level = m->long_mode ? 4 : 3;
    uint64_t table = m->long_mode ? (m->cr3 & PTE_ADDR) : (m->cr3 & PAE_CR3_ADDR);
    uint64_t e;

    for (; level >= 1; level--) {
        unsigned int shift = 12 + 9 * (level - 1);
        unsigned int index = (unsigned int)(la >> shift) & (level == 3 && !m->long_mode ? 3 : 511);

        if (walk_step(mm, table, index, 8, &e) != STATUS_OK)
            return STATUS_EFAULT;
        if (level == 1 || ((level == 2 || (level == 3 && m->long_mode)) && (e & PTE_PS))) {
            uint64_t size = 1ULL << shift;

            *gpa = ((e & PTE_ADDR) & ~(size - 1)) | (la & (size - 1));
            return STATUS_OK;
        }
        table = e & PTE_ADDR;
    }
    return STATUS_EFAULT;
}

/* 2-level walk with 4-byte entries (4 MiB pages with CR4.PSE). */
static status_t walk32(struct mm_domain *mm, const struct hvm_mode *m, uint64_t la, uint64_t *gpa)
{
    uint64_t e;

    if (walk_step(mm, m->cr3 & LEGACY_CR3_ADDR, (unsigned int)(la >> 22) & 1023, 4, &e) !=
        STATUS_OK)
        return STATUS_EFAULT;
    if (m->pse && (e & PTE_PS)) {
        *gpa = (e & 0xffc00000ULL) | (la & 0x3fffffULL);
        return STATUS_OK;
    }
    if (walk_step(mm, e & 0xfffff000ULL, (unsigned int)(la >> 12) & 1023, 4, &e) != STATUS_OK)
        return STATUS_EFAULT;
    *gpa = (e & 0xfffff000ULL) | (la & 0xfffULL);
    return STATUS_OK;
}

status_t hvm_linear_to_gpa(struct mm_domain *mm, const struct hvm_mode *m, uint64_t la,
                           uint64_t *gpa)
{
    if (!m->long_mode)
        la &= ADDR32;
    if (!m->paging) {
        *gpa = la;
        return STATUS_OK;
    }
    if (m->long_mode || m->pae)
        return walk64(mm, m, la, gpa);
    return walk32(mm, m, la, gpa);
}

status_t hvm_fetch_insn(struct mm_domain *mm, const struct hvm_mode *m, uint64_t rip,
                        uint8_t *buf, size_t *len)
{
    struct guest_mem g = { .d = mm, .mode = GUEST_MEM_PHYS };
    uint64_t la = m->cs_base + rip;
    size_t got = 0;

    while (got < X86_MAX_LEN) {
        uint64_t gpa;
        size_t chunk = PAGE_SIZE - ((la + got) & (PAGE_SIZE - 1));

        if (chunk > X86_MAX_LEN - got)
            chunk = X86_MAX_LEN - got;
        if (hvm_linear_to_gpa(mm, m, la + got, &gpa) != STATUS_OK ||
            copy_from_guest(&g, buf + got, gpa, chunk, NULL) != STATUS_OK)
            break;
        got += chunk;
    }
    *len = got;
    return got == 0 ? STATUS_EFAULT : STATUS_OK;
}

static bool legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
    case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
        return true;
    default:
        return false;
    }
}

static const struct {
    uint8_t len;
    uint8_t bytes[3];
} opcodes[] = {
    [HVM_INSN_CPUID] = { 2, { 0x0f, 0xa2 } },
    [HVM_INSN_HLT] = { 1, { 0xf4 } },
    [HVM_INSN_RDMSR] = { 2, { 0x0f, 0x32 } },
    [HVM_INSN_WRMSR] = { 2, { 0x0f, 0x30 } },
    [HVM_INSN_VMMCALL] = { 3, { 0x0f, 0x01, 0xd9 } },
};

unsigned int hvm_insn_length(const uint8_t *buf, size_t len, bool code64, enum hvm_insn what)
{
    size_t i = 0;

    if ((unsigned int)what >= sizeof(opcodes) / sizeof(opcodes[0]))
        return 0;
    while (i < len && i < X86_MAX_LEN && legacy_prefix(buf[i]))
        i++;
    if (code64 && i < len && (buf[i] & 0xf0) == 0x40)
        i++;
    if (i + opcodes[what].len > len || i + opcodes[what].len > X86_MAX_LEN ||
        mem_compare(buf + i, opcodes[what].bytes, opcodes[what].len) != 0)
        return 0;
    return (unsigned int)(i + opcodes[what].len);
}

/* Operand and address size of a moffs MOV from its prefixes. */
struct moffs_prefixes {
    size_t len;
    bool opsize16, addr32, rex_w;
    uint8_t seg;
};

static uint8_t segment_of(uint8_t b)
{
    switch (b) {
    case 0x26: return X86_SEG_ES;
    case 0x2e: return X86_SEG_CS;
    case 0x36: return X86_SEG_SS;
    case 0x3e: return X86_SEG_DS;
    case 0x64: return X86_SEG_FS;
    case 0x65: return X86_SEG_GS;
    default: return X86_SEG_NONE;
    }
}

uint8_t hvm_insn_segment(const uint8_t *buf, size_t len)
{
    uint8_t seg = X86_SEG_NONE;

    for (size_t i = 0; i < len && i < X86_MAX_LEN && legacy_prefix(buf[i]); i++)
        if (segment_of(buf[i]) != X86_SEG_NONE)
            seg = segment_of(buf[i]);
    return seg;
}

static void moffs_prefixes(const uint8_t *buf, size_t len, bool code64, struct moffs_prefixes *p)
{
    mem_set(p, 0, sizeof(*p));
    while (p->len < len && p->len < X86_MAX_LEN && legacy_prefix(buf[p->len])) {
        uint8_t b = buf[p->len++];

        p->opsize16 |= b == 0x66;
        p->addr32 |= b == 0x67;
        if (segment_of(b) != X86_SEG_NONE)
            p->seg = segment_of(b);
    }
    if (code64 && p->len < len && (buf[p->len] & 0xf0) == 0x40)
        p->rex_w = (buf[p->len++] & 0x08) != 0;
}

status_t hvm_decode_moffs(const uint8_t *buf, size_t len, bool code64, struct x86_insn *out)
{
    struct moffs_prefixes p;
    uint8_t opcode;
    size_t addr_size, total;
    uint64_t addr = 0;

    moffs_prefixes(buf, len, code64, &p);
    if (p.len >= len)
        return len < X86_MAX_LEN ? STATUS_EAGAIN : STATUS_EINVAL;
    opcode = buf[p.len];
    if (opcode < 0xa0 || opcode > 0xa3)
        return STATUS_EINVAL;
    addr_size = code64 ? (p.addr32 ? 4 : 8) : (p.addr32 ? 2 : 4);
    if (addr_size == 2)
        return STATUS_EINVAL;          /* 16-bit addressing: not decoded */
    total = p.len + 1 + addr_size;
    if (total > X86_MAX_LEN)
        return STATUS_EINVAL;
    if (total > len)
        return STATUS_EAGAIN;
    mem_copy(&addr, buf + p.len + 1, addr_size);
    mem_set(out, 0, sizeof(*out));
    out->len = (uint8_t)total;
    out->op_size = (opcode & 1) == 0 ? 1 : p.rex_w ? 8 : p.opsize16 ? 2 : 4;
    out->src_size = out->op_size;
    out->addr_size = (uint8_t)addr_size;
    out->op = opcode <= 0xa1 ? X86_OP_MOV_FROM_MEM : X86_OP_MOV_TO_MEM;
    out->reg_is_dest = opcode <= 0xa1;
    out->mem_is_dest = !out->reg_is_dest;
    out->to_reg = out->reg_is_dest;
    out->has_reg = true;
    out->reg = X86_RAX;
    out->scale = 1;
    out->disp = (int64_t)addr;
    out->seg = p.seg;
    return STATUS_OK;
}
