/* SPDX-License-Identifier: MIT */
/* console.c - arch_console_write: the serial line, one writer at a time. */
#include "arch/arch.h"
#include "arch/x86/console.h"
#include "arch/x86/serial.h"
#include "lib/print.h"

/* Serialises whole printk lines across CPUs. */
static spinlock_t console_lock = SPINLOCK_INIT;
/* Set while a CPU is reporting a fatal trap: skip the lock, which the
 * dying CPU may itself hold. */
static volatile bool console_unlocked;

void arch_console_write(const char *s, size_t n)
{
    if (console_unlocked) {
        serial_write(s, n);
        return;
    }
    spin_lock(&console_lock);
    serial_write(s, n);
    spin_unlock(&console_lock);
}

void console_init(void)
{
    serial_init();
    print_set_sink(arch_console_write);
}

void console_force_unlock(void)
{
    console_unlocked = true;
}
