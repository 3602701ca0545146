#!/bin/bash
# Rescue-VM scenario: two NVMe and two SATA (AHCI) disks, each pair laid out by a plan that
# names its disks as the kernel does (no --disk). Inputs: /input/nvme.yaml, /input/sata.yaml.
# Results: statuses, outputs, /proc/mdstat and each array's members.
set -u
echo 1000 > /proc/sys/dev/raid/speed_limit_min
echo 20000 > /proc/sys/dev/raid/speed_limit_max
ls /sys/block > "$RESULTS/block"
for bus in nvme sata; do
    diskplan apply /input/$bus.yaml --yes > "$RESULTS/apply-$bus.txt" 2>&1; echo $? > "$RESULTS/apply-$bus.status"
    diskplan plan /input/$bus.yaml > "$RESULTS/plan-again-$bus.txt" 2>&1; echo $? > "$RESULTS/plan-again-$bus.status"
done
cat /proc/mdstat > "$RESULTS/mdstat"
exit 0
