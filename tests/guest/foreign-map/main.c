/* SPDX-License-Identifier: MIT */
/* foreign-map: no way to map or write another domain's frames; the victim is intact. */
#include "guest.h"

const char test_title[] = "foreign-map: another domain's frames cannot be mapped or written";

#define HOSTILE   1
#define VICTIM    2
#define REF_MAIL  30
#define SECRET    0x5ec7e75ec7e75ec7ULL

/* What the victim tells the hostile domain (its mailbox page). */
struct mailbox {
    uint64_t secret_mfn, l1_mfn, l4_mfn, shared_info_maddr;
};

static uint64_t secret_page[PAGE_SIZE / 8] PAGE_ALIGNED;   /* victim */
static uint8_t mailbox_page[PAGE_SIZE] PAGE_ALIGNED;         /* victim */
static uint8_t mail_map[PAGE_SIZE] PAGE_ALIGNED;             /* hostile: the grant */
static uint8_t slot_page[PAGE_SIZE] PAGE_ALIGNED;            /* hostile: a free slot */

static uint64_t va_of(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static long mmu_one(uint64_t ptr, uint64_t val, domid_t dom)
{
    struct mmu_update u = { .ptr = ptr, .val = val };

    return hypercall_mmu_update(&u, 1, NULL, dom);
}

static long mmuext_one(unsigned int cmd, uint64_t arg1)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = arg1 };

    return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Every attempt on the victim's frame mfn: refused. */
static void attack_frame(uint64_t slot, uint64_t mfn, const char *what)
{
    uint64_t va = va_of(slot_page), pte;
    long rc;

    rc = mmu_one(slot | MMU_NORMAL_PT_UPDATE, (mfn << 12) | PTE_P | PTE_US, DOMID_SELF);
    check(rc < 0, "mmu_update mapped %s read-only (%ld)", what, rc);
    rc = mmu_one(slot | MMU_NORMAL_PT_UPDATE, (mfn << 12) | PTE_DEFAULT, DOMID_SELF);
    check(rc < 0, "mmu_update mapped %s writable (%ld)", what, rc);
    rc = mmu_one(slot | MMU_NORMAL_PT_UPDATE, (mfn << 12) | PTE_P | PTE_US, VICTIM);
    check(rc < 0, "mmu_update with foreigndom d2 mapped %s (%ld)", what, rc);
    rc = hypercall_update_va_mapping(va, (mfn << 12) | PTE_P | PTE_US, UVMF_INVLPG);
    check(rc < 0, "update_va_mapping mapped %s (%ld)", what, rc);
    rc = HC(__HYPERVISOR_update_va_mapping_otherdomain, va, (mfn << 12) | PTE_P | PTE_US,
            UVMF_INVLPG, VICTIM);
    check(rc < 0, "update_va_mapping_otherdomain(d2) mapped %s (%ld)", what, rc);
    rc = mmu_one((mfn << 12) | MMU_MACHPHYS_UPDATE, 0, DOMID_SELF);
    check(rc < 0, "MMU_MACHPHYS_UPDATE of %s (%ld)", what, rc);
    rc = mmu_one((mfn << 12) | MMU_NORMAL_PT_UPDATE, 0, DOMID_SELF);
    check(rc < 0, "mmu_update wrote into %s (%ld)", what, rc);
    for (unsigned int cmd = MMUEXT_PIN_L1_TABLE; cmd <= MMUEXT_PIN_L4_TABLE; cmd++)
        check(mmuext_one(cmd, mfn) < 0, "pinned %s at level %u", what, cmd + 1);
    check(mmuext_one(MMUEXT_NEW_BASEPTR, mfn) < 0, "NEW_BASEPTR to %s", what);
    check(pte_lookup(va, 1, &pte, NULL) && pte == 0,
          "the free slot maps something after the attacks on %s", what);
}

static void hostile(evtchn_port_t port)
{
    const struct mailbox *m = (const struct mailbox *)mail_map;
    grant_handle_t h;
    uint64_t pte, slot;
    struct gnttab_copy cp = { .len = 8, .flags = GNTCOPY_dest_gref };

    require(hypercall_update_va_mapping(va_of(slot_page), 0, UVMF_INVLPG) == 0, "free slot");
    require(pte_lookup(va_of(slot_page), 1, &pte, &slot), "slot entry");
    peer_signal(port);        /* events are not counted: strictly in turn */
    peer_wait(port, "d2 granted its mailbox");
    require(gnttab_map(VICTIM, REF_MAIL, va_of(mail_map), GNTMAP_host_map | GNTMAP_readonly,
                       &h) == GNTST_okay, "map d2's mailbox");
    printk("d2: secret %#lx, L1 %#lx, L4 %#lx, shared_info %#lx\n", m->secret_mfn, m->l1_mfn,
           m->l4_mfn, m->shared_info_maddr);
    attack_frame(slot, m->secret_mfn, "d2's secret page");
    attack_frame(slot, m->l1_mfn, "d2's L1 table");
    attack_frame(slot, m->l4_mfn, "d2's L4 table");
    attack_frame(slot, m->shared_info_maddr >> 12, "d2's shared_info");
    /* A grant copy naming d2's frame as if it were ours. */
    cp.source.u.gmfn = m->secret_mfn;
    cp.source.domid = DOMID_SELF;
    cp.dest.u.ref = 0;
    cp.dest.domid = VICTIM;
    check(gnttab_copy_one(&cp) < 0, "grant copy out of d2's secret frame as ours");
    cp.flags = 0;
    cp.dest.u.gmfn = m->secret_mfn;
    cp.dest.domid = VICTIM;
    cp.source.u.gmfn = virt_to_mfn(mailbox_page);   /* one of ours */
    check(gnttab_copy_one(&cp) < 0, "grant copy into d2's frame without a grant");
    check_eq(gnttab_unmap(va_of(mail_map), h), GNTST_okay, "unmap the mailbox");
    peer_signal(port);
}

static void victim(evtchn_port_t port)
{
    struct mailbox *m = (struct mailbox *)mailbox_page;
    uint64_t pte;

    for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
        secret_page[i] = SECRET ^ i;
    require(pte_lookup(va_of(secret_page), 2, &pte, NULL), "our L2 entry");
    m->secret_mfn = virt_to_mfn(secret_page);
    m->l1_mfn = (pte & PTE_ADDR_MASK) >> 12;
    m->l4_mfn = virt_to_mfn((void *)start_info->pt_base);
    m->shared_info_maddr = start_info->shared_info;
    gnttab_grant(REF_MAIL, HOSTILE, virt_to_mfn(mailbox_page), true);
    peer_wait(port, "d1 ready");
    peer_signal(port);
    peer_wait(port, "d1 done attacking");
    for (unsigned int i = 0; i < PAGE_SIZE / 8; i++)
        check(secret_page[i] == (SECRET ^ i), "our secret page changed at word %u", i);
    require(pte_lookup(va_of(secret_page), 1, &pte, NULL) &&
            (pte & PTE_ADDR_MASK) >> 12 == m->secret_mfn, "our own mapping changed");
    bystander_run(300);
}

void test_main(void)
{
    int id = cmdline_domid();
    evtchn_port_t port;
    long rc;

    require(id == HOSTILE || id == VICTIM, "domid=%d: want 1 or 2", id);
    rc = gnttab_setup(1);
    require(rc == 0, "grant table setup: %ld", rc);
    port = peer_connect(id == HOSTILE ? VICTIM : HOSTILE);
    if (id == VICTIM)
        victim(port);
    hostile(port);
    printk("hostile: every way to d2's frames refused\n");
    report_success();
}
