#!/bin/bash
# Rescue-VM scenario: install a host from an image with diskplan alone.
# Inputs: /input/plan.yaml (names /dev/vda, /dev/vdb and image: /input/host.tar.gz).
# Results: plan.txt/.status, apply.txt/.status, plan-again.txt/.status, mdstat, and the host's
# fstab, mdadm.conf and grub.cfg as apply wrote them.
set -u
plan=/input/plan.yaml
# md's resync competes with the install for the emulated CPU: capped (see ApplyScenarioTests).
echo 1000 > /proc/sys/dev/raid/speed_limit_min
echo 20000 > /proc/sys/dev/raid/speed_limit_max
diskplan plan $plan > "$RESULTS/plan.txt" 2>&1; echo $? > "$RESULTS/plan.status"
diskplan apply $plan --yes > "$RESULTS/apply.txt" 2>&1; echo $? > "$RESULTS/apply.status"
cat "$RESULTS/apply.txt"
cat /proc/mdstat > "$RESULTS/mdstat"
diskplan plan $plan > "$RESULTS/plan-again.txt" 2>&1; echo $? > "$RESULTS/plan-again.status"
tail -n 3 "$RESULTS/plan-again.txt"
# A disk that cannot boot on its own: status names it; apply puts GRUB back.
diskplan status $plan > "$RESULTS/status.txt" 2>&1; echo $? > "$RESULTS/status.status"
dd if=/dev/zero of=/dev/vdb bs=440 count=1 conv=notrunc status=none; sync
diskplan status $plan > "$RESULTS/status-erased.txt" 2>&1; echo $? > "$RESULTS/status-erased.status"
diskplan apply $plan --yes > "$RESULTS/apply-erased.txt" 2>&1; echo $? > "$RESULTS/apply-erased.status"
diskplan status $plan > "$RESULTS/status-after.txt" 2>&1; echo $? > "$RESULTS/status-after.status"
# Started under OVMF: a boot entry per disk. One removed: status names the disk; apply adds it again.
if [ -d /sys/firmware/efi/efivars ]; then
    efibootmgr -v > "$RESULTS/efi-entries.txt" 2>&1
    for f in /sys/firmware/efi/efivars/Boot0*-8be4df61-93ca-11d2-aa0d-00e098032b8c; do
        od -An -v -tx1 "$f" | tr -d ' \n' > "$RESULTS/efivar-$(basename "$f" | cut -c1-8).hex"
    done
    n=$(efibootmgr | sed -n 's/^Boot\([0-9A-F]\{4\}\)\*\{0,1\} boot1 (vdb).*/\1/p' | head -n 1)
    efibootmgr --quiet --bootnum "$n" --delete-bootnum
    diskplan status $plan > "$RESULTS/status-noentry.txt" 2>&1; echo $? > "$RESULTS/status-noentry.status"
    diskplan apply $plan --yes > "$RESULTS/apply-noentry.txt" 2>&1; echo $? > "$RESULTS/apply-noentry.status"
    diskplan status $plan > "$RESULTS/status-entry-after.txt" 2>&1; echo $? > "$RESULTS/status-entry-after.status"
    efibootmgr -v > "$RESULTS/efi-entries-after.txt" 2>&1
fi
# The rescue step admins type most: a command in the installed host.
diskplan chroot $plan -- sh -c 'cat /etc/hostname; findmnt -n -o TARGET,SOURCE -R /' > "$RESULTS/chroot.txt" 2>&1
echo $? > "$RESULTS/chroot.status"
grep -c " /run/diskplan/host" /proc/mounts > "$RESULTS/mounted-after-chroot" || true
diskplan chroot $plan -- false > "$RESULTS/chroot-false.txt" 2>&1; echo $? > "$RESULTS/chroot-false.status"
# What apply wrote, read back from the installed root.
mkdir -p /mnt/host
if mount -o ro /dev/md2 /mnt/host; then
    mount -o ro /dev/md1 /mnt/host/boot || true
    cp /mnt/host/etc/fstab "$RESULTS/fstab"
    cp /mnt/host/etc/mdadm/mdadm.conf "$RESULTS/mdadm.conf"
    cp /mnt/host/var/lib/diskplan/installed "$RESULTS/installed"
    cp /mnt/host/boot/grub/grub.cfg "$RESULTS/grub.cfg" || true
    ls /mnt/host/boot > "$RESULTS/boot-files"
    umount -R /mnt/host
fi
exit 0
