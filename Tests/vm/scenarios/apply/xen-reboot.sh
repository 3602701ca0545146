#!/bin/bash
# Rescue-VM scenario (ApplyScenarioTests): the second boot of the Xen plan's disks. What udev
# assembled (mdstat-udev, scan-udev), then every array stopped and assembled again from the
# mdadm.conf apply wrote (/input/mdadm.conf), and the plan (/input/plan.yaml) again.
# Results: assemble and plan-again (.txt, .status), mdstat, export-mdN.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cat /proc/mdstat > "$RESULTS/mdstat-udev"
mdadm --detail --scan > "$RESULTS/scan-udev"
mdadm --stop --scan
step assemble mdadm --assemble --scan --config=/input/mdadm.conf
cat /proc/mdstat > "$RESULTS/mdstat"
for md in /dev/md[0-9]*; do n=${md#/dev/}; mdadm --detail --export "$md" > "$RESULTS/export-$n" 2>&1; done
step plan-again diskplan plan /input/plan.yaml --disk /dev/vda --disk /dev/vdb
