#!/bin/bash
# Rescue-VM scenario (ImportRoundTripTests): three pairs of disks planted, then `import`'s
# round trips, several in one boot. vda/vdb: arrays named with mdadm's wildcard home host
# (any:N), running, then stopped; vdc/vdd: msdos logical partitions with metadata 0.90, 1.0
# and 1.2 and no host in their names; vde/vdf: a plan of host xen1 looked at from this
# rescue system.
# Results: NAME.txt and NAME.status for each step (lib.sh), the imported plans, md1.env,
# mdstat-stopped, hostname.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
set -e
echo 20000 > /proc/sys/dev/raid/speed_limit_max
sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+256M -t2:FD00 -n3:0:+256M -t3:FD00 -n4:0:+512M -t4:FD00 /dev/vda
sgdisk -R /dev/vdb /dev/vda; sgdisk -G /dev/vdb
printf 'label: dos\n,,E\n,256M,fd\n,256M,fd\n,256M,fd\n' | sfdisk -q /dev/vdc
sfdisk -d /dev/vdc | grep -v '^label-id' | sfdisk -q /dev/vdd
sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+256M -t2:FD00 /dev/vde
sgdisk -R /dev/vdf /dev/vde; sgdisk -G /dev/vdf
udevadm settle
for n in 0 1 2; do
    mdadm --create "/dev/md$n" --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --name="any:$n" "/dev/vda$((n + 2))" "/dev/vdb$((n + 2))"
done
mdadm --create /dev/md10 --run --assume-clean --level=1 --raid-devices=2 --metadata=0.90 /dev/vdc5 /dev/vdd5
mdadm --create /dev/md11 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.0 --homehost='<none>' /dev/vdc6 /dev/vdd6
mdadm --create /dev/md12 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --homehost='<none>' /dev/vdc7 /dev/vdd7
mdadm --create /dev/md/root --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --name=xen1:root /dev/vde2 /dev/vdf2
udevadm settle
mkswap -q /dev/md0; mkfs.ext4 -q /dev/md1; mkfs.ext4 -q /dev/md2
mkfs.ext4 -q /dev/md10; mkswap -q /dev/md11; mkfs.ext4 -q /dev/md/root
set +e
mdadm --detail --export /dev/md1 > "$RESULTS/md1.env"
# The wildcard home host, running.
step import-any diskplan import /dev/vda /dev/vdb --out /tmp/any.yaml; cp /tmp/any.yaml "$RESULTS/any.yaml"
step plan-any diskplan plan /tmp/any.yaml
# The same arrays stopped (and kept so: udev's incremental assembly would start them again at
# once): described from their superblocks, assembled by apply, then no changes.
echo 'AUTO -all' >> /etc/mdadm/mdadm.conf
for n in 0 1 2; do mdadm --stop "/dev/md$n"; done
udevadm settle
cat /proc/mdstat > "$RESULTS/mdstat-stopped"
step import-stopped diskplan import /dev/vda /dev/vdb --out /tmp/stopped.yaml; cp /tmp/stopped.yaml "$RESULTS/stopped.yaml"
step guests-stopped diskplan guests /tmp/stopped.yaml --xen
step plan-stopped diskplan plan /tmp/stopped.yaml --json
step apply-stopped diskplan apply /tmp/stopped.yaml --yes
step import-started diskplan import /dev/vda /dev/vdb --out /tmp/started.yaml; cp /tmp/started.yaml "$RESULTS/started.yaml"
step plan-started diskplan plan /tmp/started.yaml
# msdos logical partitions, metadata 0.90, 1.0 and 1.2, names without a host.
step import-meta diskplan import /dev/vdc /dev/vdd --out /tmp/meta.yaml; cp /tmp/meta.yaml "$RESULTS/meta.yaml"
step plan-meta diskplan plan /tmp/meta.yaml
# A plan of host xen1 whose root is md2, looked at from this rescue system, which runs it as md127.
step import-xen1 diskplan import /dev/vde /dev/vdf --host xen1 --out /tmp/xen1.yaml
sed 's/^    md: [0-9]*  #.*/    md: 2/' /tmp/xen1.yaml > /tmp/xen1-md2.yaml; cp /tmp/xen1-md2.yaml "$RESULTS/xen1-md2.yaml"
step plan-xen1 diskplan plan /tmp/xen1-md2.yaml
for md in /dev/md0 /dev/md1 /dev/md2 /dev/md10 /dev/md11 /dev/md12; do mdadm --stop $md; done
step status-xen1 diskplan status /tmp/xen1-md2.yaml
hostname > "$RESULTS/hostname"
true
