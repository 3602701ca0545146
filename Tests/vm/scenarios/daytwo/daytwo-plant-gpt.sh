#!/bin/bash
# Rescue-VM scenario (DayTwoTests, first boot): a server as installimage lays it out on GPT:
# bios_grub at 1 MiB, unnamed Linux RAID partitions, arrays without --name (rescue:0..3);
# swap on md0, ext4 on md1 and md2, md3 a guest's raw array.
set -e
sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+512M -t2:FD00 -n3:0:+256M -t3:FD00 -n4:0:+2G -t4:FD00 -n5:0:+1G -t5:FD00 /dev/vda
sgdisk -R /dev/vdb /dev/vda
sgdisk -G /dev/vdb
udevadm settle
for n in 0 1 2 3; do
    mdadm --create "/dev/md/$n" --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 "/dev/vda$((n + 2))" "/dev/vdb$((n + 2))"
done
udevadm settle
mkswap /dev/md/0; mkfs.ext4 -q /dev/md/1; mkfs.ext4 -q /dev/md/2
