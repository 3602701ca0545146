#!/bin/bash
# Rescue-VM scenario (ReplaceDiskTests, third boot): the healthy disk and the new one, as
# udev assembled them. Parameters: ARRAYS (as replace-second-boot.sh).
# Results: mdstat, detail-NAME, plan-after (.txt, .status).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
read -ra arrays <<< "${ARRAYS:?}"
cat /proc/mdstat > "$RESULTS/mdstat"
for n in "${arrays[@]}"; do mdadm --detail "/dev/md/xen1:$n" > "$RESULTS/detail-$n" 2>&1; done
step plan-after diskplan plan /input/plan.yaml --disk /dev/vda --disk /dev/vdb
