#!/bin/bash
# Rescue-VM scenario (UsedDiskTests, first boot): what earlier installs leave behind, on
# pairs of disks: vda/vdb an installimage-style install (arrays rescue:0..2, an ext4 labelled
# oldroot), vdc/vdd a stopped metadata 0.90 array, vde/vdf a GPT whose primary table is
# zeroed (the backup remains), vdg/vdh an LVM volume group, vdi/vdj LUKS partitions,
# vdk/vdl an array of the whole disks.
set -e
echo 20000 > /proc/sys/dev/raid/speed_limit_max
# install
for d in vda vdb; do
    sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+4G -t2:FD00 -n3:0:+1G -t3:FD00 -n4:0:+30G -t4:FD00 "/dev/$d"
done
udevadm settle
for n in 0 1 2; do mdadm --create "/dev/md/$n" --run -l1 -n2 --metadata=1.2 "/dev/vda$((n + 2))" "/dev/vdb$((n + 2))"; done
mkswap /dev/md/0; mkfs.ext4 -q /dev/md/1; mkfs.ext4 -q -L oldroot /dev/md/2
# stale090
mdadm --create /dev/md90 --run -l1 -n2 --metadata=0.90 /dev/vdc /dev/vdd
mdadm --stop /dev/md90
# backupgpt
for d in vde vdf; do
    sgdisk -n1:2048:+1G -t1:8300 -n2:0:+1G -t2:8300 "/dev/$d"
    dd if=/dev/zero of="/dev/$d" bs=512 count=34 conv=fsync status=none
done
# lvm
for d in vdg vdh; do sgdisk -n1:2048:+2G -t1:8E00 "/dev/$d"; done
udevadm settle
pvcreate -q /dev/vdg1 /dev/vdh1 && vgcreate -q vgold /dev/vdg1 /dev/vdh1 && lvcreate -q -y -L 100M -n data vgold
vgchange -an vgold
# luks
printf secret > /tmp/key
for d in vdi vdj; do
    sgdisk -n1:2048:+2G -t1:8309 "/dev/$d"
    udevadm settle
    cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file /tmp/key "/dev/${d}1"
done
# wholedisk
mdadm --create /dev/md/old --run -l1 -n2 --metadata=1.2 /dev/vdk /dev/vdl
