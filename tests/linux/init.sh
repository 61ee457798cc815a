#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# init.sh - /init of Strata's Linux test initramfs: run the checked workload
# (tests/linux/workload.py computes the expected values on the host) or,
# with strata.shell on the kernel command line, give a shell.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /tmp /dev
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs -o size=96m tmp /tmp

check() { echo "STRATA-CHECK $1=$2"; }

workload() {
    echo "STRATA-CHECK begin"
    check release "$(uname -r)"
    check cpus "$(nproc)"
    check seq-md5 "$(seq 1 200000 | md5sum | cut -d' ' -f1)"
    : > /tmp/forks
    for i in $(seq 1 100); do
        ( echo "$i" >> /tmp/forks ) &
    done
    wait
    check forks "$(wc -l < /tmp/forks)"
    # 64 MiB written into RAM (tmpfs) and read back.
    yes strata-memory-pattern | head -c 67108864 > /tmp/mem
    check mem-md5 "$(md5sum < /tmp/mem | cut -d' ' -f1)"
    rm -f /tmp/mem
    echo "STRATA-CHECK end"
}

if grep -q strata.shell /proc/cmdline; then
    echo "Strata: Linux shell (poweroff -f to end)"
    setsid cttyhack sh
    poweroff -f
fi
workload
poweroff -f
