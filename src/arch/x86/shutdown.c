/* SPDX-License-Identifier: MIT */
/* shutdown.c - arch_shutdown: leave QEMU through isa-debug-exit. */
#include "arch/arch.h"
#include "arch/x86/cpu.h"
#include "arch/x86/exit_code.h"
#include "arch/x86/shutdown.h"
#include "lib/print.h"

/* PIIX4 ACPI PM1a control as SeaBIOS programs it on QEMU's pc machine:
 * SLP_TYP 0 | SLP_EN powers off when no debug-exit device exists. */
#define PIIX4_PM1A_CNT  0x604
#define PM1_SLP_EN      0x2000

NORETURN void arch_shutdown(int code)
{
    irq_disable();
    outl(DEBUG_EXIT_PORT, (uint32_t)code);
    outw(PIIX4_PM1A_CNT, PM1_SLP_EN);
    for (;;)
        __asm__ volatile("hlt");
}

static void shutdown_on_panic(void)
{
    arch_shutdown(EXIT_CODE_FAIL);
}

void shutdown_init(void)
{
    print_set_panic_hook(shutdown_on_panic);
}
