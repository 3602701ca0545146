#!/bin/bash
# Rescue-VM scenario (PowerLossTests, calibration): an uninterrupted apply of /input/plan.yaml
# to /dev/vda and /dev/vdb with /input/powercut.so logging every block write and journal
# record (Tests/vm/powercut.c).
# Results: apply (.txt, .status), journal, powercut.log, mdadm.conf, mdstat, export-/blkid-mdN,
# sfdisk-DISK.json.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
powercut_setup
POWERCUT_LOG=1 LD_PRELOAD=/input/powercut.so step apply \
    diskplan apply /input/plan.yaml --disk /dev/vda --disk /dev/vdb --yes --journal "$RESULTS/journal" --mdadm-conf "$RESULTS/mdadm.conf"
cp /run/powercut/log "$RESULTS/powercut.log"
cat /proc/mdstat > "$RESULTS/mdstat"
for md in /dev/md[0-9]*; do
    n=${md#/dev/}
    mdadm --detail --export "$md" > "$RESULTS/export-$n" 2>&1
    blkid -p -o export "$md" > "$RESULTS/blkid-$n" 2>&1
done
for d in vda vdb; do sfdisk --json "/dev/$d" > "$RESULTS/sfdisk-$d.json"; done
