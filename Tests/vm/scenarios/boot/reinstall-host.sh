#!/bin/bash
# Rescue-VM scenario: install the host, fill a guest with data, then install the host again
# with --reinstall-host. Inputs: /input/plan.yaml (as install-host.sh). Results: statuses and
# outputs, and the guest's checksum, array UUID and partition tables before and after.
set -u
plan=/input/plan.yaml
echo 1000 > /proc/sys/dev/raid/speed_limit_min
echo 20000 > /proc/sys/dev/raid/speed_limit_max
diskplan apply $plan --yes > "$RESULTS/apply.txt" 2>&1; echo $? > "$RESULTS/apply.status"
evidence() { # SUFFIX
    sha256sum /dev/md3 | cut -d' ' -f1 > "$RESULTS/guest-$1"
    mdadm --detail --export /dev/md3 | grep '^MD_UUID=' > "$RESULTS/uuid-$1"
    for d in vda vdb; do sfdisk --json /dev/$d > "$RESULTS/$d-$1.json"; done
    blkid -p -o value -s UUID /dev/md2 > "$RESULTS/root-$1"
}
dd if=/dev/urandom of=/dev/md3 bs=1M count=16 oflag=direct status=none
sync
evidence before
diskplan plan $plan --reinstall-host > "$RESULTS/plan-reinstall.txt" 2>&1; echo $? > "$RESULTS/plan-reinstall.status"
diskplan apply $plan --reinstall-host --yes > "$RESULTS/apply-reinstall.txt" 2>&1; echo $? > "$RESULTS/apply-reinstall.status"
cat "$RESULTS/apply-reinstall.txt"
evidence after
diskplan plan $plan > "$RESULTS/plan-again.txt" 2>&1; echo $? > "$RESULTS/plan-again.status"
exit 0
