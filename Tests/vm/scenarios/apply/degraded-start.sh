#!/bin/bash
# Rescue-VM scenario (DegradedStartTests): /input/plan.yaml names /dev/vda and /dev/vdb, only
# /dev/vda is there. Refused without --degraded (and nothing written); with it applied, then
# planned again with and without --degraded, and applied again.
# Results: refused-plan, refused-apply, untouched, plan, apply, plan-again,
# plan-again-refused, apply-again (.txt, .status), mdadm.conf, mdstat, export-/blkid-mdN.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cap_resync
plan=/input/plan.yaml
disks=(--disk /dev/vda --disk /dev/vdb)
step refused-plan diskplan plan "$plan" "${disks[@]}"
step refused-apply diskplan apply "$plan" "${disks[@]}" --yes
step untouched sfdisk --dump /dev/vda
step plan diskplan plan "$plan" "${disks[@]}" --degraded
step apply diskplan apply "$plan" "${disks[@]}" --degraded --yes --mdadm-conf "$RESULTS/mdadm.conf"
cat /proc/mdstat > "$RESULTS/mdstat"
for md in /dev/md[0-9]*; do
    n=${md#/dev/}
    mdadm --detail --export "$md" > "$RESULTS/export-$n" 2>&1
    blkid -p -o export "$md" > "$RESULTS/blkid-$n" 2>&1
done
step plan-again diskplan plan "$plan" "${disks[@]}" --degraded
step plan-again-refused diskplan plan "$plan" "${disks[@]}"
step apply-again diskplan apply "$plan" "${disks[@]}" --degraded --yes
