#!/bin/bash
# Rescue-VM scenario (SpareVMTests): /input/plan.yaml (two virtio disks and a hot spare,
# alerts to a program) applied live, and imported again (the spare named as one). With
# mdadm's monitor running, a member of the guest array fails: md rebuilds onto the spare by
# itself, the monitor reports it, and status shows the spare in the failed member's place.
# Then the rest of the failed disk goes, a blank disk takes its place (the same node), and
# replace-disk adds its members, which become the spares.
# Results: plan, apply, status, import, plan-imported, status-takeover, status-removed,
# replace, status-after (.txt, .status); imported.yaml; mdadm.conf (after apply);
# detail-before, detail-takeover, detail-after (web1's mdadm --detail); alerts.log;
# sha-before, sha-takeover, sha-after (web1's sha256).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cap_resync
cp /input/plan.yaml /tmp/plan.yaml
alert_program
step plan diskplan plan /tmp/plan.yaml
step apply diskplan apply /tmp/plan.yaml --yes
cp /etc/mdadm/mdadm.conf "$RESULTS/mdadm.conf"
udevadm settle
web1=$(readlink -f /dev/disk/by-id/md-name-xen1:web1)
for md in /dev/md[0-9]*; do mdadm --wait "$md" 2> /dev/null; done
head -c 16M /dev/urandom | dd of="$web1" bs=1M conv=fsync status=none
sha256sum < "$web1" | cut -d' ' -f1 > "$RESULTS/sha-before"
step status diskplan status /tmp/plan.yaml
step import diskplan import /dev/vdc /dev/vda /dev/vdb --out /tmp/imported.yaml
cp /tmp/imported.yaml "$RESULTS/imported.yaml"
step plan-imported diskplan plan /tmp/imported.yaml
mdadm --detail "$web1" > "$RESULTS/detail-before" 2>&1
# The monitor, as mdmonitor.service runs it; then web1's member on vdb fails.
mdadm --monitor --scan --daemonise --delay 1 --pid-file /run/mdmonitor.pid > /dev/null
sleep 2
mdadm "$web1" --fail /dev/vdb3 > "$RESULTS/fail.txt" 2>&1
sleep 2
mdadm --wait "$web1" 2> /dev/null
for _ in $(seq 1 30); do grep -q SpareActive /run/md-alert.log 2>/dev/null && break; sleep 1; done
cp /run/md-alert.log "$RESULTS/alerts.log" 2>/dev/null
mdadm --detail "$web1" > "$RESULTS/detail-takeover" 2>&1
sha256sum < "$web1" | cut -d' ' -f1 > "$RESULTS/sha-takeover"
step status-takeover diskplan status /tmp/plan.yaml
mdadm "$web1" --remove /dev/vdb3 >> "$RESULTS/fail.txt" 2>&1
step status-removed diskplan status /tmp/plan.yaml
kill "$(cat /run/mdmonitor.pid)" 2>/dev/null
# The rest of vdb fails too (its spares take over), and a blank disk takes its place.
fail_disk vdb
for md in /dev/md[0-9]*; do mdadm --wait "$md" 2> /dev/null; done
wipefs -a /dev/vdb[0-9] /dev/vdb >> "$RESULTS/fail.txt" 2>&1
blockdev --rereadpt /dev/vdb; udevadm settle
step replace diskplan replace-disk /tmp/plan.yaml --new /dev/vdb --yes
udevadm settle
for md in /dev/md[0-9]*; do mdadm --wait "$md" 2> /dev/null; done
mdadm --detail "$web1" > "$RESULTS/detail-after" 2>&1
step status-after diskplan status /tmp/plan.yaml
sha256sum < "$web1" | cut -d' ' -f1 > "$RESULTS/sha-after"
cat /proc/mdstat > "$RESULTS/mdstat"
