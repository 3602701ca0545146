#!/bin/bash
# Rescue-VM scenario (DayTwoTests, first boot): an older server: msdos, #1 #2 primary, #3
# extended with logicals #5 #6; metadata 0.90 arrays md0..md3 (no names); swap on md0, ext4
# on md1 and md2, md3 a guest's raw array.
set -e
printf 'label: dos\n,512M,fd\n,256M,fd\n,,E\n,2G,fd\n,1G,fd\n' | sfdisk -q /dev/vda
sfdisk -d /dev/vda | grep -v '^label-id' | sfdisk -q /dev/vdb
udevadm settle
n=0
for p in 1 2 5 6; do
    mdadm --create "/dev/md$n" --run --assume-clean --level=1 --raid-devices=2 --metadata=0.90 "/dev/vda$p" "/dev/vdb$p"
    n=$((n + 1))
done
udevadm settle
mkswap /dev/md0; mkfs.ext4 -q /dev/md1; mkfs.ext4 -q /dev/md2
