/* SPDX-License-Identifier: MIT */
/* vpci.h - PCI configuration mechanism 1 (0xcf8/0xcfc) over a bus holding only a host bridge. */
#ifndef STRATA_GUEST_HVM_DM_VPCI_H
#define STRATA_GUEST_HVM_DM_VPCI_H

#include <stdbool.h>
#include <stdint.h>

#define VPCI_PORT_ADDRESS   0xcf8U
#define VPCI_PORT_DATA      0xcfcU
#define VPCI_ENABLE         0x80000000U
#define VPCI_BRIDGE_VENDOR  0x8086U   /* Intel 440FX host bridge: Linux's sanity check knows it */
#define VPCI_BRIDGE_DEVICE  0x1237U

/* Only vpci.c reads or writes the fields. */
struct vpci {
    uint32_t address;               /* CONFIG_ADDRESS */
};

/*@ predicate VpciValid(struct vpci *p) = \valid(p); */

/*@ requires valid: \valid(pci);
    assigns *pci;
    ensures valid: VpciValid(pci);
*/
void vpci_reset(struct vpci *pci);

/* CONFIG_ADDRESS (a 32-bit access at 0xcf8). */
/*@ requires valid: VpciValid(pci);
    assigns \nothing;
*/
uint32_t vpci_address_read(const struct vpci *pci);

/*@ requires valid: VpciValid(pci);
    assigns *pci;
*/
void vpci_address_write(struct vpci *pci, uint32_t val);

/* CONFIG_DATA read of size 1, 2 or 4 at byte offset 0-3 of 0xcfc: the
 * host bridge's registers for 00:00.0, all-ones for any other function
 * or when the enable bit is clear. */
/*@ requires valid: VpciValid(pci);
    assigns \nothing;
*/
uint32_t vpci_data_read(const struct vpci *pci, unsigned int offset, unsigned int size);

#endif /* STRATA_GUEST_HVM_DM_VPCI_H */
