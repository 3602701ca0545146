#!/bin/bash
# Rescue-VM scenario (SmokeTests): the second boot of raid1-create.sh's disks, which udev
# has assembled. Results: detail.env (every array's mdadm --detail --export).
set -e
cat /proc/mdstat
for md in /dev/md[0-9]*; do mdadm --detail --export "$md"; done > "$RESULTS/detail.env"
