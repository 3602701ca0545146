#!/bin/bash
# Rescue-VM scenario (DayTwoExtendedTests, second boot): daytwo-ext-plant.sh's arrays in use
# (swap on, root mounted, the guest's array written and held open); import, add the guests
# web2 and web3 (a new extended partition with two logical ones) and apply, live.
# Results: mdstat-before, file/guest.before and .after, before-/after-DISK.json, import, plan,
# add-web2, add-web3, apply, plan-again (.txt, .status), imported.yaml, plan.yaml, mdstat, partitions.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
guest=/dev/disk/by-id/md-name-web01:2
echo 20000 > /proc/sys/dev/raid/speed_limit_max
udevadm settle
cat /proc/mdstat > "$RESULTS/mdstat-before"
swapon /dev/disk/by-id/md-name-web01:0
mkdir -p /mnt/root && mount /dev/disk/by-id/md-name-web01:1 /mnt/root
head -c 4M /dev/urandom > /mnt/root/data && sync
sha256sum < /mnt/root/data > "$RESULTS/file.before"
head -c 8M /dev/urandom | dd of=$guest bs=1M conv=fsync status=none
sha256sum < $guest > "$RESULTS/guest.before"
# The redirection is the point: sleep holds the guest's array open, as a running guest would.
# shellcheck disable=SC2217
sleep 100000 < $guest &
for d in vda vdb; do sfdisk --json "/dev/$d" > "$RESULTS/before-$d.json"; done
step import diskplan import /dev/disk/by-id/virtio-vmdisk0 /dev/disk/by-id/virtio-vmdisk1 --out /tmp/plan.yaml
cp /tmp/plan.yaml "$RESULTS/imported.yaml"
step plan diskplan plan /tmp/plan.yaml
step add-web2 diskplan add-guest /tmp/plan.yaml web2 1G
step add-web3 diskplan add-guest /tmp/plan.yaml web3 1G
step apply diskplan apply /tmp/plan.yaml --yes
cp /tmp/plan.yaml "$RESULTS/plan.yaml"
udevadm settle
cat /proc/mdstat > "$RESULTS/mdstat"
cat /proc/partitions > "$RESULTS/partitions"
for d in vda vdb; do sfdisk --json "/dev/$d" > "$RESULTS/after-$d.json"; done
sha256sum < /mnt/root/data > "$RESULTS/file.after"
sha256sum < $guest > "$RESULTS/guest.after"
step plan-again diskplan plan /tmp/plan.yaml
