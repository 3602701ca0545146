#!/bin/sh
# vm-power-loss [STATUS]: inside the test VM, cut the power now.
# Sends the results collected so far (with STATUS, default 0, and a
# "power-loss" mark) to the host, then resets the machine through sysrq
# without syncing or unmounting anything: what the kernel has not written to
# the disks yet is lost, as on a real power failure. qemu (-no-reboot) exits.
status=${1:-0}
echo "$status" > /vm-out/status
: > /vm-out/power-loss
dmesg > /vm-out/dmesg 2>/dev/null
resdev=$(cat /run/vm-results-port 2>/dev/null)
[ -z "$resdev" ] || tar cf "$resdev" -C /vm-out .
echo "@@VM-SCENARIO-END status=$status power-loss@@" > /dev/console
echo 1 > /proc/sys/kernel/sysrq
echo b > /proc/sysrq-trigger
sleep 10
