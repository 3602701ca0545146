#!/bin/bash
# Rescue-VM scenario (UsedDiskTests, second boot): each case's plan (/input/NAME.yaml) on
# the used disks of used-disks-plant.sh: refused without --wipe, and not a byte changed;
# for lvm, refused with --wipe while the volume group is active, then released; applied
# with --wipe, planned again.
# Parameters: CASES, one NAME:A:B per case (A, B: the disks' numbers, 0 for vda and
# /dev/disk/by-id/virtio-vmdisk0), separated by spaces.
# Results per case NAME-: mdstat-before, sums-before, refused, refused-apply (.txt, .status),
# sums-after, (lvm: held, sums-held,) apply, plan-again (.txt, .status), blkid; and mdstat.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
echo 20000 > /proc/sys/dev/raid/speed_limit_max

# sums DEVICE...: a sum of the areas diskplan writes (tables, superblocks at the ends of disks
# and of old partitions) per device: a refused run must leave them as they were.
sums() {
    local d p
    for d in "$@"; do
        printf '%s ' "$d"
        { dd if="$d" bs=1M count=64 status=none
          dd if="$d" bs=1M skip=$(( $(blockdev --getsize64 "$d") / 1048576 - 4 )) status=none
          for p in "$d"[0-9]*; do
              [ -b "$p" ] || continue
              dd if="$p" bs=1M count=1 status=none
              dd if="$p" bs=1M skip=$(( $(blockdev --getsize64 "$p") / 1048576 - 1 )) status=none
          done; } | sha256sum | cut -c1-16
    done
}

letters=(a b c d e f g h i j k l m n o p q r s t u v w x y z)
read -ra cases <<< "${CASES:?}"
for c in "${cases[@]}"; do
    IFS=: read -r name a b <<< "$c"
    r=$name
    plan=/input/$name.yaml
    dev_a=/dev/vd${letters[a]} dev_b=/dev/vd${letters[b]}
    disks=(--disk "/dev/disk/by-id/virtio-vmdisk$a" --disk "/dev/disk/by-id/virtio-vmdisk$b")
    wipe=(--wipe "/dev/disk/by-id/virtio-vmdisk$a" --wipe "/dev/disk/by-id/virtio-vmdisk$b")
    cat /proc/mdstat > "$RESULTS/$r-mdstat-before"
    sums "$dev_a" "$dev_b" > "$RESULTS/$r-sums-before"
    step "$r-refused" diskplan plan "$plan" "${disks[@]}"
    step "$r-refused-apply" diskplan apply "$plan" "${disks[@]}" --yes
    sums "$dev_a" "$dev_b" > "$RESULTS/$r-sums-after"
    if [ "$name" = lvm ]; then
        step "$r-held" diskplan apply "$plan" "${disks[@]}" "${wipe[@]}" --yes
        sums "$dev_a" "$dev_b" > "$RESULTS/$r-sums-held"
        vgchange --setautoactivation n vgold && vgchange -an vgold; udevadm settle
    fi
    step "$r-apply" diskplan apply "$plan" "${disks[@]}" "${wipe[@]}" --yes
    step "$r-plan-again" diskplan plan "$plan" "${disks[@]}"
    blkid -p -o export "$dev_a"* "$dev_b"* > "$RESULTS/$r-blkid" 2>&1
done
cat /proc/mdstat > "$RESULTS/mdstat"
