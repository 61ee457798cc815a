/* SPDX-License-Identifier: MIT */
/* status.h - the one status convention: 0 or a negative Xen errno value. */
#ifndef STRATA_LIB_STATUS_H
#define STRATA_LIB_STATUS_H

#include "lib.h"

/*
 * Every fallible function in Strata returns a status_t. The values are
 * Xen's errno numbers negated (xen/include/public/errno.h), so a hypercall
 * handler returns its status unchanged to the guest.
 */
typedef enum status {
    STATUS_OK         = 0,
    STATUS_EPERM      = -1,   /* operation not permitted */
    STATUS_ENOENT     = -2,   /* no such object */
    STATUS_ESRCH      = -3,   /* no such domain */
    STATUS_EINTR      = -4,   /* interrupted: a continuation is pending */
    STATUS_EIO        = -5,
    STATUS_ENXIO      = -6,
    STATUS_E2BIG      = -7,   /* argument list too long */
    STATUS_ENOEXEC    = -8,   /* malformed executable image */
    STATUS_EBADF      = -9,
    STATUS_EAGAIN     = -11,  /* try again */
    STATUS_ENOMEM     = -12,  /* out of memory */
    STATUS_EACCES     = -13,  /* permission denied */
    STATUS_EFAULT     = -14,  /* bad guest address */
    STATUS_EBUSY      = -16,  /* object in use */
    STATUS_EEXIST     = -17,  /* object exists */
    STATUS_EXDEV      = -18,  /* cross-domain link not allowed */
    STATUS_ENODEV     = -19,
    STATUS_EINVAL     = -22,  /* invalid argument */
    STATUS_ENOSPC     = -28,  /* no space left */
    STATUS_ERANGE     = -34,  /* value out of range */
    STATUS_ENOSYS     = -38,  /* not implemented */
    STATUS_EOVERFLOW  = -75,  /* a count would overflow */
    STATUS_EOPNOTSUPP = -95,  /* operation not supported */
    STATUS_ETIMEDOUT  = -110,
} status_t;

/* A short name for a status, for log messages ("EINVAL"); "E?" for a
 * value outside the enum. */
/*@ assigns \nothing;
    ensures valid_name: LibValidString((char *)\result); */
const char *status_name(status_t status);

#endif /* STRATA_LIB_STATUS_H */
