#!/bin/bash
# Rescue-VM scenario (ReplaceDiskTests, second boot): one disk of replace-first-boot.sh blank;
# /dev/vdc, too small for the plan, is refused first and left untouched; then the dry run,
# the replacement with --watch, the rebuilt arrays, the data and the plan.
# Parameters: NEW, the blank disk (/dev/vda or /dev/vdb); ARRAYS, the plan's array names
# ("swap boot root ns1 web1"), whose arrays run as /dev/md/xen1:NAME.
# Results: mdstat-degraded, small (.txt, .status), small-blkid (.status), small-first-mib,
# dry, replace (.txt, .status), mdstat, detail-NAME, file.sha, pattern.sha, plan-after (.txt, .status).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
: "${NEW:?}"
read -ra arrays <<< "${ARRAYS:?}"
disks=(--disk /dev/vda --disk /dev/vdb)
cat /proc/mdstat > "$RESULTS/mdstat-degraded"
resync_limits 50000 200000
step small diskplan replace-disk /input/plan.yaml "${disks[@]}" --new /dev/vdc --failed "$NEW" --yes
blkid -p /dev/vdc > "$RESULTS/small-blkid" 2>&1; echo $? > "$RESULTS/small-blkid.status"
a=$(dd if=/dev/vdc bs=1M count=1 2>/dev/null | sha256sum); z=$(dd if=/dev/zero bs=1M count=1 2>/dev/null | sha256sum)
if [ "$a" = "$z" ]; then echo zero; else echo written; fi > "$RESULTS/small-first-mib"
step dry diskplan replace-disk /input/plan.yaml "${disks[@]}" --new "$NEW" --dry-run
step replace diskplan replace-disk /input/plan.yaml "${disks[@]}" --new "$NEW" --yes --watch
cat /proc/mdstat > "$RESULTS/mdstat"
for n in "${arrays[@]}"; do mdadm --detail "/dev/md/xen1:$n" > "$RESULTS/detail-$n" 2>&1; done
mkdir -p /mnt/root && mount -o ro /dev/md/xen1:root /mnt/root
sha256sum /mnt/root/data | cut -d' ' -f1 > "$RESULTS/file.sha"
umount /mnt/root
dd if=/dev/md/xen1:web1 bs=1M skip=64 count=8 2>/dev/null | sha256sum | cut -d' ' -f1 > "$RESULTS/pattern.sha"
step plan-after diskplan plan /input/plan.yaml "${disks[@]}"
