/* SPDX-License-Identifier: MIT */
/* status.c - printable names for status codes. */
#include "lib/status.h"

const char *status_name(status_t status)
{
    switch (status) {
    case STATUS_OK:         return "OK";
    case STATUS_EPERM:      return "EPERM";
    case STATUS_ENOENT:     return "ENOENT";
    case STATUS_ESRCH:      return "ESRCH";
    case STATUS_EINTR:      return "EINTR";
    case STATUS_EIO:        return "EIO";
    case STATUS_ENXIO:      return "ENXIO";
    case STATUS_E2BIG:      return "E2BIG";
    case STATUS_ENOEXEC:    return "ENOEXEC";
    case STATUS_EBADF:      return "EBADF";
    case STATUS_EAGAIN:     return "EAGAIN";
    case STATUS_ENOMEM:     return "ENOMEM";
    case STATUS_EACCES:     return "EACCES";
    case STATUS_EFAULT:     return "EFAULT";
    case STATUS_EBUSY:      return "EBUSY";
    case STATUS_EEXIST:     return "EEXIST";
    case STATUS_EXDEV:      return "EXDEV";
    case STATUS_ENODEV:     return "ENODEV";
    case STATUS_EINVAL:     return "EINVAL";
    case STATUS_ENOSPC:     return "ENOSPC";
    case STATUS_ERANGE:     return "ERANGE";
    case STATUS_ENOSYS:     return "ENOSYS";
    case STATUS_EOVERFLOW:  return "EOVERFLOW";
    case STATUS_EOPNOTSUPP: return "EOPNOTSUPP";
    case STATUS_ETIMEDOUT:  return "ETIMEDOUT";
    }
    return "E?";
}
