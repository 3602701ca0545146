#!/bin/bash
# Rescue-VM scenario (StatusScenarioTests, first boot): /input/plan.yaml applied to /dev/vda
# and /dev/vdb, then `diskplan status` in every form while md resyncs, and --watch for a few
# seconds until every sync is frozen.
# Results: apply (.txt, .status), mdadm.conf, status_all_forms' files (lib.sh), watch (.txt, .status).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cap_resync
disks=(--disk /dev/vda --disk /dev/vdb)
step apply diskplan apply /input/plan.yaml "${disks[@]}" --yes --mdadm-conf "$RESULTS/mdadm.conf"
status_all_forms /input/plan.yaml "${disks[@]}"
diskplan status /input/plan.yaml "${disks[@]}" --watch --interval 0.5 > "$RESULTS/watch.txt" 2>&1 &
watcher=$!
sleep 4
for n in 4 3 2 1 0; do echo frozen > "/sys/block/md$n/md/sync_action"; done
wait $watcher; echo $? > "$RESULTS/watch.status"
