#!/bin/bash
# Rescue-VM scenario (DayTwoExtendedTests, first boot): msdos with three primary partitions
# and no extended one: #1 swap, #2 root, #3 a guest; metadata 1.2 arrays of another host,
# named web01:0..2.
set -e
printf 'label: dos\n,512M,fd\n,2G,fd\n,1G,fd\n' | sfdisk -q /dev/vda
sfdisk -d /dev/vda | grep -v '^label-id' | sfdisk -q /dev/vdb
udevadm settle
for n in 0 1 2; do
    mdadm --create "/dev/md$n" --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --homehost=web01 --name=$n "/dev/vda$((n + 1))" "/dev/vdb$((n + 1))"
done
udevadm settle
mkswap /dev/md0; mkfs.ext4 -q /dev/md1
