# SPDX-License-Identifier: MIT
# The hypervisor image: a freestanding x86_64 ELF linked at Strata's
# virtual base inside the Xen-reserved L4 slots (see docs/memory-layout.md).
# The code is position-independent (-fpie) because the kernel code model
# cannot reach 0xffff82..., and the small model with RIP-relative
# addressing can. strata.elf carries symbols for gdb and a Multiboot2
# header for GRUB; strata.mb32 is the same image as ELF32 for
# `qemu-system-x86_64 -kernel`, which refuses ELF64 Multiboot images.
strata_get_sources(portable PORTABLE_SOURCES)
strata_get_sources(x86 X86_SOURCES)

set(STRATA_IMAGE_FLAGS
  -O2 -g -ffreestanding -fno-builtin -fno-stack-protector -fno-common
  -fpie -fvisibility=hidden -mno-red-zone -mgeneral-regs-only
  -mno-mmx -mno-sse -mno-sse2 -mno-avx
  -fno-asynchronous-unwind-tables -fno-omit-frame-pointer
  ${STRATA_WARNINGS})
set(STRATA_LINKER_SCRIPT ${STRATA_ROOT}/src/arch/x86/strata.ld)

add_executable(strata.elf ${PORTABLE_SOURCES} ${X86_SOURCES})
target_include_directories(strata.elf PRIVATE ${STRATA_INCLUDES})
target_compile_definitions(strata.elf PRIVATE STRATA_IMAGE=1)
target_compile_options(strata.elf PRIVATE ${STRATA_IMAGE_FLAGS})
target_link_options(strata.elf PRIVATE
  -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000
  -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -T ${STRATA_LINKER_SCRIPT})
set_target_properties(strata.elf PROPERTIES LINK_DEPENDS ${STRATA_LINKER_SCRIPT})
target_link_libraries(strata.elf PRIVATE gcc)

add_custom_command(TARGET strata.elf POST_BUILD
  COMMAND ${CMAKE_OBJCOPY} -O elf32-i386 strata.elf strata.mb32
  COMMENT "ELF32 copy for qemu -kernel (Multiboot v1)")
set(STRATA_IMAGE_ELF  ${CMAKE_BINARY_DIR}/strata.elf)
set(STRATA_IMAGE_MB32 ${CMAKE_BINARY_DIR}/strata.mb32)
