#!/bin/bash
# Rescue-VM scenario (UsedDiskTests, third boot): what udev assembled (mdstat, scan) and
# every md superblock on the disks (examine).
cat /proc/mdstat > "$RESULTS/mdstat"
mdadm --detail --scan > "$RESULTS/scan"
mdadm --examine --scan > "$RESULTS/examine"
