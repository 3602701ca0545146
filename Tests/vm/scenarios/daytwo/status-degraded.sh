#!/bin/bash
# Rescue-VM scenario (StatusScenarioTests, second boot, /dev/vdb blank): the arrays assembled
# degraded from the host's mdadm.conf (/input/mdadm.conf), then `diskplan status` in every form.
# Results: assemble (.txt, .status), mdstat, status_all_forms' files (lib.sh).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
mdadm --stop --scan
step assemble mdadm --assemble --scan --run --config=/input/mdadm.conf
cat /proc/mdstat > "$RESULTS/mdstat"
status_all_forms /input/plan.yaml --disk /dev/vda --disk /dev/vdb
