/* SPDX-License-Identifier: MIT */
/* version.c - xen_version (17): version number, strings, feature bits. */
#include "hypercall/hypercall.h"
#include "lib/string.h"
#include "public/version.h"

/*
 * Strata reports itself as Xen 4.17 so guests pick the interfaces that
 * version has. Every buffer handed out is zero-filled to its full ABI
 * size before the string goes in, so no hypervisor stack byte ever
 * reaches the guest (XSA-122).
 */
#define STRATA_XEN_MAJOR 4
#define STRATA_XEN_MINOR 17

/* Copy string s into a zeroed buffer of size bytes and out to the guest. */
static long copy_string_out(struct vcpu *v, uint64_t arg, const char *s, size_t size)
{
    char buf[1024];

    mem_set(buf, 0, sizeof(buf));
    str_copy(buf, s, size);
    return hypercall_copy_to_guest(v, arg, buf, size) == STATUS_OK ? STATUS_OK
                                                                   : STATUS_EFAULT;
}

static long op_compile_info(struct vcpu *v, uint64_t arg)
{
    struct xen_compile_info info;

    mem_set(&info, 0, sizeof(info));
    str_copy(info.compiler, "gcc", sizeof(info.compiler));
    str_copy(info.compile_by, "strata", sizeof(info.compile_by));
    str_copy(info.compile_domain, "strata.example.org", sizeof(info.compile_domain));
    str_copy(info.compile_date, "unknown", sizeof(info.compile_date));
    return hypercall_copy_to_guest(v, arg, &info, sizeof(info)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}

/* LAB 4: BEGIN */
/* Features a guest of d's kind gets (submap 0). */
static uint32_t feature_submap(const struct domain *d)
{
    if (d->hvm)
        return (1U << XENFEAT_auto_translated_physmap) |
               (1U << XENFEAT_hvm_safe_pvclock) |
               (1U << XENFEAT_hvm_callback_vector);
    /* Linux (>= 5.x) refuses to run as a PV guest without the last two.
     * preserve_ad: MMU_PT_UPDATE_PRESERVE_AD is implemented. avail_bits:
     * advertised for that check; only Linux's gntdev (dom0 tools) sets
     * GNTMAP_guest_avail*, and Strata's grant PTEs do not carry those
     * bits yet (docs/linux.md). */
    return (1U << XENFEAT_pae_pgdir_above_4gb) |
           (1U << XENFEAT_mmu_pt_update_preserve_ad) |
           (1U << XENFEAT_gnttab_map_avail_bits);
}

static long op_get_features(struct vcpu *v, uint64_t arg)
{
    struct xen_feature_info fi;

    if (hypercall_copy_from_guest(v, &fi, arg, sizeof(fi)) != STATUS_OK)
        return STATUS_EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return STATUS_EINVAL;
    fi.submap = feature_submap(v->domain);
    return hypercall_copy_to_guest(v, arg, &fi, sizeof(fi)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}
/* LAB 4: STUB
static long op_get_features(struct vcpu *v, uint64_t arg)
{
    LAB_TODO(4, "op_get_features: decode (copy in, check submap_idx), then invoke");
}
LAB 4: END */

static long op_platform_parameters(struct vcpu *v, uint64_t arg)
{
    struct xen_platform_parameters p = { .virt_start = HYPERVISOR_VIRT_START };

    return hypercall_copy_to_guest(v, arg, &p, sizeof(p)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}

long do_xen_version(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t arg = f->args[1];

    switch (f->args[0]) {
    case XENVER_version:
        return (STRATA_XEN_MAJOR << 16) | STRATA_XEN_MINOR;
    case XENVER_extraversion:
        return copy_string_out(v, arg, ".0-strata", sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return op_compile_info(v, arg);
    case XENVER_capabilities:
        return copy_string_out(v, arg, "xen-3.0-x86_64 hvm-3.0-x86_64",
                               sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string_out(v, arg, "strata", sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters:
        return op_platform_parameters(v, arg);
    case XENVER_get_features:
        return op_get_features(v, arg);
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle:
        return copy_string_out(v, arg, "", 16);
    case XENVER_commandline:
        if (!v->domain->privileged)
            return STATUS_EPERM;
        return copy_string_out(v, arg, "", sizeof(xen_commandline_t));
    default:
        return STATUS_ENOSYS;
    }
}
