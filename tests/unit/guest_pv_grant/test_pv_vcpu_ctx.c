/* SPDX-License-Identifier: MIT */
/* test_pv_vcpu_ctx.c - VCPUOP_initialise's context loader on validated PV tables. */
#include "unit.h"
#include "pt_fixture.h"

#include <stddef.h>
#include <string.h>

#include "guest/pv/pv_vcpu_ctx.h"
#include "hypercall/hypercall.h"
#include "hypercall/vcpu_op.h"
#include "public/vcpu.h"

#define CTX_VA     FX_CODE                  /* spans the code and data pages */
#define KTEXT      0xffffffff81000000ULL
#define KSTACK     0xffffc90000004000ULL
#define PERCPU     0xffff88800f600000ULL

static struct vcpu_guest_context c;
#define regs (fx.gv->regs)
#define fpu (fx.gv->fpu)

/* Put c into guest memory at CTX_VA (code page, then data page). */
static void put_ctx(void)
{
    const uint8_t *b = (const uint8_t *)&c;

    memcpy(arch_frame_to_virt(fx.code), b, 4096);
    memcpy(arch_frame_to_virt(fx.data), b + 4096, sizeof(c) - 4096);
}

/* A context as Linux's cpu_initialize_context builds one. */
static void linux_ctx(mfn_t gdt)
{
    memset(&c, 0, sizeof(c));
    c.flags = VGCF_in_kernel;
    c.user_regs.rip = KTEXT + 0x100;
    c.user_regs.rsp = KSTACK - 0xa8;
    c.user_regs.cs = 0x10;                  /* __KERNEL_CS */
    c.user_regs.ss = 0x18;                  /* __KERNEL_DS */
    c.user_regs.ds = c.user_regs.es = 0x2b;
    c.user_regs.rflags = 0x1000;            /* IOPL 1 */
    c.trap_ctxt[14] = (struct trap_info){ .vector = 14, .flags = 4, .cs = 0x10,
                                          .address = KTEXT + 0x200 };
    c.gdt_frames[0] = gdt;
    c.gdt_ents = 16;
    c.kernel_ss = 0x18;
    c.kernel_sp = KSTACK;
    c.gs_base_kernel = PERCPU;
    c.event_callback_eip = KTEXT + 0x300;
    c.failsafe_callback_eip = KTEXT + 0x400;
    c.ctrlreg[3] = fx.l4 << 12;
    c.debugreg[6] = 0xffff0ff0;
    c.debugreg[7] = 0x400;
}

static status_t load(void)
{
    put_ctx();
    return pv_vcpu_context_load(fx.v, fx.v, fx.gv, CTX_VA);
}

/* Regression (Linux BUGs at smp_pv.c when VCPUOP_initialise fails): the
 * context Linux gives its second vCPU is loaded as Xen does. */
UNIT_TEST(linux_context_is_loaded_with_ring3_selectors_and_iopl)
{
    fx_setup();
    linux_ctx(fx.spare[0]);
    memset(fpu, 0xaa, sizeof(fpu));
    CHECK_EQ(load(), STATUS_OK);
    CHECK_EQ(regs.rip, KTEXT + 0x100);
    CHECK_EQ(regs.rsp, KSTACK - 0xa8);
    CHECK_EQ(regs.cs, 0x13);
    CHECK_EQ(regs.ss, 0x1b);
    CHECK_EQ(fx.gv->sels.ds, 0x2b);         /* __USER_DS, loaded with the GDT */
    CHECK_EQ(fx.gv->sels.es, 0x2b);
    CHECK_EQ(fx.gv->sels.fs, 0);
    CHECK_EQ(regs.rflags, 0x202);           /* IF on, IOPL moved out */
    CHECK_EQ(fx.gv->pv.iopl, 1);
    CHECK_EQ(fx.gv->pv.traps[14].address, KTEXT + 0x200);
    CHECK_EQ(fx.gv->pv.traps[14].flags, 4);
    CHECK_EQ(fx.gv->pv.traps[13].address, 0);
    CHECK_EQ(fx.gv->pv.kernel_sp, KSTACK);
    CHECK_EQ(fx.gv->pv.gs_base_kernel, PERCPU);
    CHECK_EQ(fx.gv->pv.event_callback, KTEXT + 0x300);
    CHECK_EQ(fx.gv->pv.failsafe_callback, KTEXT + 0x400);
    CHECK_EQ(fx.gv->pv.gdt_nr_frames, 1U);
    CHECK_EQ(fx_info(fx.spare[0]).type, FRAME_TYPE_SEG_DESC);
    CHECK_EQ(fx.v->pv_kernel_l4, fx.l4);
    CHECK_EQ(fpu[0], 0);                    /* no VGCF_i387_valid: the reset */
    CHECK_EQ(fpu[ARCH_FPU_BYTES - 1], 0);   /* state (zero in the host shim) */
}

UNIT_TEST(refused_contexts_change_nothing)
{
    static const size_t addr_fields[] = {
        offsetof(struct vcpu_guest_context, user_regs.rip),
        offsetof(struct vcpu_guest_context, kernel_sp),
        offsetof(struct vcpu_guest_context, event_callback_eip),
        offsetof(struct vcpu_guest_context, gs_base_user),
        offsetof(struct vcpu_guest_context, trap_ctxt[200].address),
        offsetof(struct vcpu_guest_context, debugreg[2]),
    };
    uint64_t hostile = 0xffff830000001000ULL;   /* Strata's direct map */

    fx_setup();
    for (size_t i = 0; i < sizeof(addr_fields) / sizeof(addr_fields[0]); i++) {
        linux_ctx(fx.spare[0]);
        memcpy((uint8_t *)&c + addr_fields[i], &hostile, sizeof(hostile));
        CHECK_EQ(load(), STATUS_EINVAL);
    }
    linux_ctx(fx.spare[0]);
    c.flags = 0;                            /* user mode start: not offered */
    CHECK_EQ(load(), STATUS_EINVAL);
    linux_ctx(fx.spare[0]);
    c.debugreg[7] = 0x401;                  /* an armed breakpoint */
    CHECK_EQ(load(), STATUS_EINVAL);
    linux_ctx(fx.spare[0]);
    c.gdt_ents = 7169;
    CHECK_EQ(load(), STATUS_EINVAL);
    linux_ctx(fx.data);                     /* mapped writable: no GDT */
    CHECK_EQ(load(), STATUS_EINVAL);
    linux_ctx(fx.spare[0]);
    c.ctrlreg[3] = fx.spare[1] << 12;       /* not an L4 it may use... */
    fx_entry(fx.spare[1], 0)[0] = (fx.l4 << 12) | P;   /* ...linear: refused */
    CHECK_EQ(load(), STATUS_EINVAL);
    CHECK_EQ(fx_info(fx.spare[0]).type_count, 0U);    /* GDT reference undone */
    CHECK_EQ(fx.gv->pv.gdt_nr_frames, 0U);
    linux_ctx(fx.spare[0]);
    c.ctrlreg[3] = 0;
    CHECK_EQ(load(), STATUS_EINVAL);
    CHECK_EQ(pv_vcpu_context_load(fx.v, fx.v, fx.gv, 0x10000),
             STATUS_EFAULT);
    CHECK_EQ(fx.gv->pv.traps[14].address, 0);
}

UNIT_TEST(fpu_image_is_taken_with_mxcsr_sanitised)
{
    uint32_t mxcsr = 0xffffffffU;

    fx_setup();
    linux_ctx(fx.spare[0]);
    c.flags |= VGCF_i387_valid;
    c.fpu_ctxt[0] = 0x7f;
    memcpy(&c.fpu_ctxt[24], &mxcsr, sizeof(mxcsr));
    CHECK_EQ(load(), STATUS_OK);
    CHECK_EQ(fpu[0], 0x7f);
    memcpy(&mxcsr, &fpu[24], sizeof(mxcsr));
    CHECK_EQ(mxcsr, 0xffbfU);
}

static struct vcpu *seen_target;

static long fake_initialise(struct vcpu *caller, struct vcpu *target, uint64_t ctxt)
{
    (void)caller;
    seen_target = target;
    return (long)ctxt;
}

UNIT_TEST(vcpu_op_initialise_goes_to_the_registered_loader)
{
    struct hypercall_frame f = { .op = __HYPERVISOR_vcpu_op,
                                 .args = { VCPUOP_initialise, 0, 42 } };

    fx_setup();
    vcpu_op_set_initialise(fake_initialise);
    CHECK_EQ(do_vcpu_op(fx.v, &f), 42);
    CHECK(seen_target == fx.v);
    vcpu_op_set_initialise(NULL);
    CHECK_EQ(do_vcpu_op(fx.v, &f), STATUS_ENOSYS);
}
