#!/bin/bash
# Rescue-VM scenario: apply plans/xen-host.yaml to /dev/vda and /dev/vdb.
# Inputs: /input/plan.yaml. Results: $RESULTS/*.
set -u
plan=/input/plan.yaml
disks=(--disk /dev/vda --disk /dev/vdb)
echo "== dry run"
diskplan plan $plan "${disks[@]}"
echo "plan exit: $?"
echo "== apply"
diskplan apply $plan "${disks[@]}" --yes --mdadm-conf "$RESULTS/mdadm.conf" --journal "$RESULTS/journal" || { echo "apply failed: $?"; exit 1; }
echo "== /proc/mdstat"
tee "$RESULTS/mdstat" < /proc/mdstat
for n in 0 1 2 3 4; do mdadm --detail /dev/md$n > "$RESULTS/detail-md$n" 2>&1; done
echo "== mdadm --detail /dev/md2"
cat "$RESULTS/detail-md2"
for n in 0 1 2 3 4; do echo "md$n: $(blkid -p -o export /dev/md$n 2>/dev/null | grep -E '^(TYPE|LABEL)=' | tr '\n' ' ')"; done | tee "$RESULTS/blkid"
sfdisk --json /dev/vda > "$RESULTS/vda.json"
sfdisk --json /dev/vdb > "$RESULTS/vdb.json"
echo "== plan again"
diskplan plan $plan "${disks[@]}" > "$RESULTS/plan-again.txt" 2>&1
echo $? > "$RESULTS/plan-again.status"
tail -3 "$RESULTS/plan-again.txt"
echo "== apply again"
diskplan apply $plan "${disks[@]}" --yes > "$RESULTS/apply-again.txt" 2>&1
echo $? > "$RESULTS/apply-again.status"
tail -2 "$RESULTS/apply-again.txt"
exit 0
