#!/bin/bash
# Rescue-VM scenario (ApplyScenarioTests, UEFI): apply.sh on /dev/vda and /dev/vdb, then the
# ESP's array md0 stopped and its member /dev/vda1 read as firmware would read it: without md.
# Results: those of apply.sh, and member-blkid, member-fsck (.txt, .status), member-type.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
apply_plan vda vdb
mdadm --stop /dev/md0 > "$RESULTS/stop.txt" 2>&1
blkid -p -o export /dev/vda1 > "$RESULTS/member-blkid" 2>&1
step member-fsck fsck.vfat -n /dev/vda1
sfdisk --part-type /dev/vda 1 > "$RESULTS/member-type" 2>&1
