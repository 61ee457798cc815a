/* SPDX-License-Identifier: MIT */
/* setup.c - pv64 start of day: shared_info, trap table, callbacks, the timer port. */
#include "guest.h"

bool hypercall_use_page;
static uint8_t shared_info_page[PAGE_SIZE] PAGE_ALIGNED;

extern const char event_callback_entry[], failsafe_callback_entry[];

int hypercall_set_method(enum hypercall_method m)
{
    if (m == HYPERCALL_PAGE && !hypercall_page_present)
        return -1;
    hypercall_use_page = m == HYPERCALL_PAGE;
    return 0;
}

/* Map the shared_info frame (a machine address in start_info) over a
 * page of our .bss. Without update_va_mapping there is none. */
static void map_shared_info(void)
{
    long rc = hypercall_update_va_mapping((uint64_t)(uintptr_t)shared_info_page,
                                          start_info->shared_info | PTE_DEFAULT,
                                          UVMF_INVLPG);

    if (rc == 0) {
        shared_info = (shared_info_t *)shared_info_page;
        return;
    }
    /* Tell a refused frame from a refused mapping: our own frame back. */
    printk("note: shared_info (maddr %#lx) not mapped: update_va_mapping %ld "
           "(our own frame there: %ld); no events, no time\n",
           (unsigned long)start_info->shared_info, rc,
           hypercall_update_va_mapping((uint64_t)(uintptr_t)shared_info_page,
                                       (virt_to_mfn(shared_info_page) << PAGE_SHIFT) |
                                       PTE_DEFAULT, UVMF_INVLPG));
}

static long register_callback(uint16_t type, const void *entry)
{
    struct callback_register cb = {
        .type = type, .flags = CALLBACKF_mask_events, .address = (uint64_t)(uintptr_t)entry,
    };

    return hypercall_callback_op(CALLBACKOP_register, &cb);
}

void env_setup(void)
{
    long rc;

    map_shared_info();
    rc = traps_install();
    require(rc == 0, "set_trap_table: %ld", rc);
    rc = register_callback(CALLBACKTYPE_event, event_callback_entry);
    require(rc == 0, "callback_op(event): %ld", rc);
    rc = register_callback(CALLBACKTYPE_failsafe, failsafe_callback_entry);
    require(rc == 0, "callback_op(failsafe): %ld", rc);
    if (shared_info == NULL)
        return;
    /* Events stay masked except while a test waits (events_wait). */
    shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    rc = evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port);
    if (rc != 0)
        printk("note: VIRQ_TIMER not bound: %ld\n", rc);
}

void env_start(start_info_t *si)
{
    start_info = si;
    hypercall_use_page = hypercall_page_present;
    printk("--- Strata guest test (" ENV_NAME "): %s ---\n", test_title);
    env_setup();
    test_main();
    report_error("test_main returned without a verdict");
}
