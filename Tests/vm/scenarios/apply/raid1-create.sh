#!/bin/bash
# Rescue-VM scenario (SmokeTests): a RAID1 of the whole disks /dev/vda and /dev/vdb, made
# with mdadm alone. Results: detail.env (mdadm --detail --export).
set -e
mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 \
    --bitmap=internal --name=t --homehost=h /dev/vda /dev/vdb
cat /proc/mdstat
mdadm --detail /dev/md0
mdadm --detail --export /dev/md0 > "$RESULTS/detail.env"
