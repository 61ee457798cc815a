/* SPDX-License-Identifier: MIT */
/* test_status.c - every status has its own short name. */
#include "lib/status.h"
#include "unit.h"

#include <string.h>

UNIT_TEST(names_are_distinct_and_known)
{
    static const status_t all[] = {
        STATUS_OK, STATUS_EPERM, STATUS_ENOENT, STATUS_ESRCH, STATUS_EINTR,
        STATUS_EIO, STATUS_ENXIO, STATUS_E2BIG, STATUS_ENOEXEC, STATUS_EBADF,
        STATUS_EAGAIN, STATUS_ENOMEM, STATUS_EACCES, STATUS_EFAULT,
        STATUS_EBUSY, STATUS_EEXIST, STATUS_EXDEV, STATUS_ENODEV,
        STATUS_EINVAL, STATUS_ENOSPC, STATUS_ERANGE, STATUS_ENOSYS,
        STATUS_EOVERFLOW, STATUS_EOPNOTSUPP, STATUS_ETIMEDOUT,
    };
    size_t n = sizeof all / sizeof all[0];

    for (size_t i = 0; i < n; i++) {
        CHECK(status_name(all[i])[0] != '\0');
        CHECK(strcmp(status_name(all[i]), "E?") != 0);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(status_name(all[i]), status_name(all[j])) != 0);
    }
    CHECK(strcmp(status_name(STATUS_EINVAL), "EINVAL") == 0);
    CHECK(strcmp(status_name(STATUS_OK), "OK") == 0);
}

UNIT_TEST(unknown_value_has_a_placeholder)
{
    CHECK(strcmp(status_name((status_t)-999), "E?") == 0);
    CHECK(strcmp(status_name((status_t)7), "E?") == 0);
}
