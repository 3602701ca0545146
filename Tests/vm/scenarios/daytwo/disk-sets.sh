#!/bin/bash
# Rescue-VM scenario (DiskSetTests): two NVMe and two SATA disks, one plan with two sets
# (/input/plan.yaml: fast = the NVMe pair with the host and db1, bulk = the SATA pair with
# archive). Applied; imported again; a guest added on the bulk set live; then the second
# HDD fails and a blank one takes its place (the same node), replaced by replace-disk while
# the NVMe arrays stay untouched.
# Results: plan, apply, plan-again, import, plan-imported, add-media, apply-media, status,
# status-failed, replace, plan-after (.txt, .status); imported.yaml; replace-mdadm.conf
# (replace-disk's --mdadm-conf); nvme-before/after (the NVMe tables and each member's
# array and role), db1/archive sha256 before and after.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cap_resync
cp /input/plan.yaml /tmp/plan.yaml
step plan diskplan plan /tmp/plan.yaml
step apply diskplan apply /tmp/plan.yaml --yes
step plan-again diskplan plan /tmp/plan.yaml
step import diskplan import /dev/nvme0n1 /dev/nvme1n1 /dev/sda /dev/sdb --out /tmp/imported.yaml
cp /tmp/imported.yaml "$RESULTS/imported.yaml"
step plan-imported diskplan plan /tmp/imported.yaml
udevadm settle
db1=/dev/disk/by-id/md-name-xen1:db1
archive=/dev/disk/by-id/md-name-xen1:archive
head -c 8M /dev/urandom | dd of=$db1 bs=1M conv=fsync status=none
head -c 8M /dev/urandom | dd of=$archive bs=1M conv=fsync status=none
sha256sum < $db1 > "$RESULTS/db1.before"
sha256sum < $archive > "$RESULTS/archive.before"
# Live: the host's / mounted, db1 held open as a running guest holds it.
mkdir -p /mnt/root && mount /dev/disk/by-id/md-name-xen1:root /mnt/root
# shellcheck disable=SC2094
sleep 100000 <> $db1 &
step add-media diskplan add-guest /tmp/plan.yaml media 128M --on bulk
step apply-media diskplan apply /tmp/plan.yaml --yes
cp /tmp/plan.yaml "$RESULTS/plan.yaml"
step status diskplan status /tmp/plan.yaml
nvme_state() {
    sfdisk --json /dev/nvme0n1; sfdisk --json /dev/nvme1n1
    for p in /dev/nvme0n1p* /dev/nvme1n1p*; do
        mdadm --examine "$p" 2>/dev/null | grep -E "Array UUID|Device Role" | sed "s|^|$p |"
    done
}
# The second HDD fails: its members are failed and removed, and a blank disk takes its place.
fail_disk sdb
wipefs -a /dev/sdb[0-9] /dev/sdb >> "$RESULTS/fail.txt" 2>&1
blockdev --rereadpt /dev/sdb; udevadm settle
step status-failed diskplan status /tmp/plan.yaml
nvme_state > "$RESULTS/nvme-before"
step replace diskplan replace-disk /tmp/plan.yaml --new /dev/sdb --yes --mdadm-conf "$RESULTS/replace-mdadm.conf"
udevadm settle
nvme_state > "$RESULTS/nvme-after"
step plan-after diskplan plan /tmp/plan.yaml
sha256sum < $db1 > "$RESULTS/db1.after"
sha256sum < $archive > "$RESULTS/archive.after"
cat /proc/mdstat > "$RESULTS/mdstat"
