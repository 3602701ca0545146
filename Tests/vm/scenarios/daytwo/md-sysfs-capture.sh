#!/bin/bash
# Rescue-VM scenario: puts md arrays into every state `diskplan status` reads
# and copies their sysfs attributes, as the kernel shows them, below $RESULTS.
# The copies are the test data of Tests/ApplyTests/System/MDSysfsTests.swift
# (Tests/md-sysfs/); /proc/mdstat and `mdadm --detail` of the same moment lie
# beside each copy.
#
#   Tests/vm/run-vm.sh --scenario Tests/vm/scenarios/daytwo/md-sysfs-capture.sh \
#       --disk 1G --disk 1G --disk 1G --out /tmp/capture
#   cp -r /tmp/capture/files/states /tmp/capture/files/recovery Tests/md-sysfs/
#
# Snapshot `states`: md0 clean with mismatches found by a check, md1
# resyncing, md5 waiting for md1's resync (same disks: DELAYED), md2 clean
# with a spare, md3 degraded (created with a member missing), md4 inactive
# as md127 (one of its two members handed to incremental assembly), md6 with its
# resync frozen at once (pending).
# Snapshot `recovery`: md1 and md5 clean, md2 recovering onto its spare after
# a member failed; the rest as before.
# sysfs' sync_completed moves in steps of 1/16 of the array; /proc/mdstat
# shows the position itself: the snapshots wait for the first step.
set -eu
limit() { echo "$1" > /proc/sys/dev/raid/speed_limit_max; }
idle() { while [ "$(cat "/sys/block/$1/md/sync_action")" != idle ]; do sleep 0.2; done; }
create() { mdadm --create "$@" --run --metadata=1.2 --bitmap=internal --homehost=cap >/dev/null 2>&1; }

# Copies one attribute if the kernel lets it be read.
copy() { if v=$(cat "$1" 2>/dev/null); then printf '%s\n' "$v" > "$2"; fi; }

snapshot() {
    out="$RESULTS/$1"
    for b in /sys/block/md*; do
        n=${b##*/}
        mkdir -p "$out/block/$n/md"
        copy "$b/size" "$out/block/$n/size"
        for f in array_state level raid_disks degraded sync_action sync_completed sync_speed \
                 mismatch_cnt resync_start metadata_version component_size chunk_size uuid; do
            copy "$b/md/$f" "$out/block/$n/md/$f"
        done
        for dev in "$b"/md/dev-*; do
            [ -e "$dev" ] || continue
            d=${dev##*/}
            mkdir -p "$out/block/$n/md/$d"
            for f in state slot errors recovery_start; do copy "$dev/$f" "$out/block/$n/md/$d/$f"; done
        done
        mdadm --detail "/dev/$n" > "$out/detail-$n" 2>&1 || true
    done
    cat /proc/mdstat > "$out/mdstat"
}

for d in vda vdb vdc; do
    sgdisk -n 1:1M:+128M -n 2:0:+128M -n 3:0:+128M -n 4:0:+128M -n 5:0:+128M -n 6:0:+128M -n 7:0:+128M \
        -t 1:fd00 -t 2:fd00 -t 3:fd00 -t 4:fd00 -t 5:fd00 -t 6:fd00 -t 7:fd00 /dev/$d >/dev/null
done

limit 200000
create /dev/md0 --level=1 --raid-devices=2 --assume-clean --name=clean /dev/vda1 /dev/vdb1
# A write that bypasses md: the next check finds the two halves different.
dd if=/dev/urandom of=/dev/vdb1 bs=1M seek=32 count=2 oflag=direct 2>/dev/null
echo check > /sys/block/md0/md/sync_action
sleep 0.5; idle md0

create /dev/md2 --level=1 --raid-devices=2 --assume-clean --name=spared /dev/vda3 /dev/vdb3 --spare-devices=1 /dev/vdc3
create /dev/md3 --level=1 --raid-devices=2 --name=halved /dev/vda4 missing
create /dev/md4 --level=1 --raid-devices=2 --assume-clean --name=stopped /dev/vda5 /dev/vdb5
mdadm --stop /dev/md4 >/dev/null 2>&1
mdadm --incremental --homehost=cap /dev/vda5 >/dev/null 2>&1 || true   # one of two: inactive

limit 1000
create /dev/md1 --level=1 --raid-devices=2 --name=syncing /dev/vda2 /dev/vdb2
create /dev/md5 --level=1 --raid-devices=2 --name=delayed /dev/vda6 /dev/vdb6
create /dev/md6 --level=1 --raid-devices=2 --name=frozen /dev/vda7 /dev/vdb7
echo frozen > /sys/block/md6/md/sync_action
sleep 10
snapshot states

limit 200000
idle md1; idle md5
limit 1000
mdadm /dev/md2 --fail /dev/vdb3 >/dev/null 2>&1
sleep 10
snapshot recovery
limit 200000
cat /proc/mdstat
