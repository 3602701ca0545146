#!/bin/bash
# Rescue-VM scenario (DayTwoTests, second boot): the planted arrays as a live host uses them
# (swap on, root mounted, the guest's array written and held open), then import, plan,
# (a conflicting plan,) add-guest web2 and apply, live.
# Parameters: SWAP, ROOT, GUEST: the arrays' device nodes; CONFLICT=1: also apply a plan that
# makes root 3G, which must be refused without a byte changed.
# Results: mdstat-before, file/guest.before and .after, before-/after-DISK.json, conf-lines
# .before/.after, import, plan, add-guest, apply, plan-again (.txt, .status), imported.yaml,
# plan.yaml, mdstat, conf-old.status, guests.txt; with CONFLICT, conflict (.txt, .status),
# heads.before/.after, conflict-DISK.json.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
: "${SWAP:?}" "${ROOT:?}" "${GUEST:?}"
disks=(/dev/disk/by-id/virtio-vmdisk0 /dev/disk/by-id/virtio-vmdisk1)
echo 20000 > /proc/sys/dev/raid/speed_limit_max
udevadm settle
cat /proc/mdstat > "$RESULTS/mdstat-before"
swapon "$SWAP"
mkdir -p /mnt/root && mount "$ROOT" /mnt/root
head -c 4M /dev/urandom > /mnt/root/data && sync
sha256sum < /mnt/root/data > "$RESULTS/file.before"
head -c 8M /dev/urandom | dd of="$GUEST" bs=1M conv=fsync status=none
sha256sum < "$GUEST" > "$RESULTS/guest.before"
# The redirection is the point: sleep holds the guest's array open, as a running guest would.
# shellcheck disable=SC2217
sleep 100000 < "$GUEST" &
for d in vda vdb; do sfdisk --json "/dev/$d" > "$RESULTS/before-$d.json"; done
# The host's mdadm.conf as its installer wrote it, but for one array added later by hand
# and never recorded there.
mdadm --detail --scan | head -3 >> /etc/mdadm/mdadm.conf
grep -c '^ARRAY' /etc/mdadm/mdadm.conf > "$RESULTS/conf-lines.before" || true
step import diskplan import "${disks[@]}" --out /tmp/plan.yaml
cp /tmp/plan.yaml "$RESULTS/imported.yaml"
step plan diskplan plan /tmp/plan.yaml
if [ "${CONFLICT:-}" = 1 ]; then
    # The root array 3G: apply refuses, naming the conflict; not a byte changes.
    sed -e '/^  - name: "*2"*  #/,/size:/ s/size: 2G/size: 3G/' /tmp/plan.yaml > /tmp/conflict.yaml
    for d in vda vdb; do head -c 1M "/dev/$d" | sha256sum; done > "$RESULTS/heads.before"
    step conflict diskplan apply /tmp/conflict.yaml --yes
    for d in vda vdb; do head -c 1M "/dev/$d" | sha256sum; done > "$RESULTS/heads.after"
    for d in vda vdb; do sfdisk --json "/dev/$d" > "$RESULTS/conflict-$d.json"; done
fi
step add-guest diskplan add-guest /tmp/plan.yaml web2 10G
step apply diskplan apply /tmp/plan.yaml --yes
cp /tmp/plan.yaml "$RESULTS/plan.yaml"
cat /proc/mdstat > "$RESULTS/mdstat"
for d in vda vdb; do sfdisk --json "/dev/$d" > "$RESULTS/after-$d.json"; done
sha256sum < /mnt/root/data > "$RESULTS/file.after"
sha256sum < "$GUEST" > "$RESULTS/guest.after"
grep -c '^ARRAY' /etc/mdadm/mdadm.conf > "$RESULTS/conf-lines.after" || true
test -e /etc/mdadm/mdadm.conf.diskplan-old; echo $? > "$RESULTS/conf-old.status"
step plan-again diskplan plan /tmp/plan.yaml
diskplan guests /tmp/plan.yaml --xen > "$RESULTS/guests.txt" 2>&1
