#!/bin/bash
# Rescue-VM scenario (GuestSaveTests): /input/plan.yaml (alerts to a program, two guests)
# applied live to /dev/vda and /dev/vdb; a guest saved into a sparse image and through a
# pipe, restored into a guest added later, the refusals; then mdadm's monitor reporting a
# failed member to the plan's program.
# Results: apply, save, save-open, add-copy, apply-copy, restore, restore-again, restore-smaller,
# restore-changed, pipe (.txt, .status), sha-* (sha256 of each guest and image), allocated,
# record, mdadm.conf, alerts.log, status-after-fail (.txt, .status).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cap_resync
cp /input/plan.yaml /tmp/plan.yaml
alert_program
step apply diskplan apply /tmp/plan.yaml --yes
cp /etc/mdadm/mdadm.conf "$RESULTS/mdadm.conf"
web1=/dev/disk/by-id/md-name-xen1:web1
udevadm settle
# Data at the start and at 40 MiB; zeros between (the image's holes).
head -c 16M /dev/urandom | dd of=$web1 bs=1M conv=fsync status=none
head -c 1M /dev/urandom | dd of=$web1 bs=1M seek=40 conv=fsync status=none
sha256sum < $web1 | cut -d' ' -f1 > "$RESULTS/sha-web1"
# Stopped first, and udev's incremental assembly off (it would start it again at once):
# save-guest starts it by identity and stops it again.
rules=/usr/lib/udev/rules.d/64-md-raid-assembly.rules
[ -f $rules ] || rules=/lib/udev/rules.d/64-md-raid-assembly.rules
mv $rules /run/assembly.rules && udevadm control --reload
mdadm --stop "$(readlink -f $web1)"
udevadm settle
step save diskplan save-guest /tmp/plan.yaml web1 --to /tmp/web1.img
sha256sum /tmp/web1.img | cut -d' ' -f1 > "$RESULTS/sha-image"
du -B1 /tmp/web1.img | cut -f1 > "$RESULTS/allocated"
cp /tmp/web1.img.diskplan-guest "$RESULTS/record"
cat /proc/mdstat > "$RESULTS/mdstat-after-save"
mv /run/assembly.rules $rules && udevadm control --reload
# A process holding the array open read-write (a running guest) stops a save.
mdadm --assemble --scan >/dev/null 2>&1; udevadm settle
# shellcheck disable=SC2094
sleep 100000 <> $web1 &
holder=$!
sleep 1
step save-open diskplan save-guest /tmp/plan.yaml web1 --to /tmp/open.img
kill $holder; wait $holder 2>/dev/null
step add-copy diskplan add-guest /tmp/plan.yaml copy 48M
step apply-copy diskplan apply /tmp/plan.yaml --yes
udevadm settle
copy=/dev/disk/by-id/md-name-xen1:copy
step restore diskplan restore-guest /tmp/plan.yaml copy --from /tmp/web1.img
sha256sum < $copy | cut -d' ' -f1 > "$RESULTS/sha-copy"
step restore-again diskplan restore-guest /tmp/plan.yaml copy --from /tmp/web1.img
step restore-smaller diskplan restore-guest /tmp/plan.yaml tiny --from /tmp/web1.img
sha256sum < /dev/disk/by-id/md-name-xen1:tiny | cut -d' ' -f1 > "$RESULTS/sha-tiny"
cp --sparse=always /tmp/web1.img /tmp/changed.img && cp /tmp/web1.img.diskplan-guest /tmp/changed.img.diskplan-guest
printf 'x' | dd of=/tmp/changed.img bs=1 seek=100 conv=notrunc status=none
step restore-changed diskplan restore-guest /tmp/plan.yaml copy --from /tmp/changed.img --overwrite
sha256sum < $copy | cut -d' ' -f1 > "$RESULTS/sha-copy-unchanged"
# Through a pipe, as to ssh: a new random start in web1, saved and restored in one go.
head -c 4M /dev/urandom | dd of=$web1 bs=1M conv=fsync status=none
sha256sum < $web1 | cut -d' ' -f1 > "$RESULTS/sha-web1-new"
diskplan save-guest /tmp/plan.yaml web1 --to - 2> "$RESULTS/pipe-save.txt" | diskplan restore-guest /tmp/plan.yaml copy --from - --overwrite > "$RESULTS/pipe.txt" 2>&1
echo "${PIPESTATUS[*]}" > "$RESULTS/pipe.status"
sha256sum < $copy | cut -d' ' -f1 > "$RESULTS/sha-copy-pipe"
# The monitor, as mdmonitor.service runs it, reports a failed member to the plan's program.
mdadm --monitor --scan --daemonise --delay 1 --pid-file /run/mdmonitor.pid > /dev/null
sleep 2
mdadm "$(readlink -f $web1)" --fail "$(mdadm --detail "$(readlink -f $web1)" | awk '/active sync/ {print $NF}' | tail -1)" > "$RESULTS/fail.txt" 2>&1
for _ in $(seq 1 30); do grep -q Fail /run/md-alert.log 2>/dev/null && break; sleep 1; done
cp /run/md-alert.log "$RESULTS/alerts.log" 2>/dev/null
step status-after-fail diskplan status /tmp/plan.yaml
kill "$(cat /run/mdmonitor.pid)" 2>/dev/null
