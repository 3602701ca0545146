#!/bin/bash
# Rescue-VM scenario (ReplaceDiskTests, first boot): /input/plan.yaml applied to /dev/vda and
# /dev/vdb, the initial resync waited for, a file on / (md2) and a pattern on the guest web1 (md4).
# Results: apply (.txt, .status), file.sha, pattern.sha, mdstat.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
# Recovery and resync at up to 200 MB/s: fast enough to finish within the test, capped so
# that the scenario's own I/O is not starved.
resync_limits 50000 200000
step apply diskplan apply /input/plan.yaml --disk /dev/vda --disk /dev/vdb --yes
for md in /dev/md0 /dev/md1 /dev/md2 /dev/md3 /dev/md4; do mdadm --wait $md > /dev/null 2>&1; done
mkdir -p /mnt/root && mount /dev/md2 /mnt/root
dd if=/dev/urandom of=/mnt/root/data bs=1M count=4 2>/dev/null
sha256sum /mnt/root/data | cut -d' ' -f1 > "$RESULTS/file.sha"
umount /mnt/root
dd if=/dev/urandom of=/tmp/pattern bs=1M count=8 2>/dev/null
dd if=/tmp/pattern of=/dev/md4 bs=1M seek=64 conv=fsync 2>/dev/null
sha256sum /tmp/pattern | cut -d' ' -f1 > "$RESULTS/pattern.sha"
cat /proc/mdstat > "$RESULTS/mdstat"
