#!/bin/bash
# /init of the rescue test VM: a Debian userland in RAM (see build-initrd.sh).
# Brings the system up as a rescue system's early boot does (pseudo file
# systems, systemd-udevd, coldplug of every device, so udev loads the
# drivers, creates /dev/disk/by-id links and mdadm's rules assemble any
# arrays the disks carry), then runs /scenario.sh and sends its output, exit
# status and result files back to the host:
#   virtio-serial port "vm.output"  <- scenario stdout+stderr, streamed live
#   virtio-serial port "vm.results" <- tar of /vm-out (status + results/), at the end
#   serial console                  <- markers + status (fallback, debugging)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8 PARTED_GPT_APPLE=0

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs -o mode=0755 devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mount -t tmpfs tmpfs /dev/shm
# Started by OVMF (run-vm.sh --firmware uefi): the EFI variables, as a rescue system has them.
if [ -d /sys/firmware/efi ]; then
    modprobe efivarfs && mount -t efivarfs efivarfs /sys/firmware/efi/efivars
fi
mkdir -p /run/lock /run/mdadm /run/udev /tmp /vm-out/results
hostname rescue

debug=
grep -qw vm.debug /proc/cmdline && debug=1
log() { echo "vm-init: $*" > /dev/console; }
dlog() { [ -z "$debug" ] || log "$(cut -d' ' -f1 /proc/uptime)s $*"; }
dlog start

# udev: the daemon, then a coldplug of everything the kernel found, as
# systemd-udev-trigger.service does; the rules do the rest (drivers, by-id
# links, md incremental assembly, LVM/dm links).
/usr/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle --timeout=60 || log "udevadm settle timed out"
# md as a rescue system has it: /proc/mdstat present, RAID1 ready (other
# personalities load on demand). Debian's md option start_ro=1 applies.
modprobe -a md_mod raid1 || log "modprobe md_mod raid1 failed"
dlog "udev settled"

# Ports are named by the host shortly after they appear.
port() {
    local i n d
    for ((i = 0; i < 200; i++)); do
        for n in /sys/class/virtio-ports/*/name; do
            if [ ! -r "$n" ] || [ "$(cat "$n")" != "$1" ]; then continue; fi
            d=${n%/name}; d=/dev/${d##*/}
            [ -c "$d" ] && { echo "$d"; return 0; }
        done
        sleep 0.02
    done
    return 1
}
outdev=$(port vm.output) || { log "no output port, output goes to the console"; outdev=/dev/console; }
resdev=$(port vm.results) || { log "no results port"; resdev=; }
dlog "ports $outdev $resdev"
echo "$resdev" > /run/vm-results-port

export RESULTS=/vm-out/results
cd /tmp || log "cd /tmp failed"
echo "@@VM-SCENARIO-BEGIN@@" > /dev/console
# The scenario's parameters (run-vm.sh --env): NUL-separated NAME=VALUE.
params=()
[ ! -f /scenario.env ] || mapfile -d '' -t params < /scenario.env
env "${params[@]}" bash /scenario.sh < /dev/null > "$outdev" 2>&1
status=$?
echo "$status" > /vm-out/status
dlog "scenario exit $status"

# Clean shutdown, as a reboot would do: swap off, unmount, deactivate
# device-mapper, stop arrays.
sync
swapoff -a 2>/dev/null
awk '$1 ~ "^/dev/" { print $2 }' /proc/mounts | sort -r |
    while read -r mp; do umount "$mp" 2>/dev/null || umount -l "$mp"; done
vgchange -an >/dev/null 2>&1
dmsetup remove_all >/dev/null 2>&1
mdadm --stop --scan > /dev/null 2>&1
sync

dmesg > /vm-out/dmesg 2>/dev/null
[ -n "$resdev" ] && tar cf "$resdev" -C /vm-out .
echo "@@VM-SCENARIO-END status=$status@@" > /dev/console
dlog poweroff
# Power off (qemu runs with -no-reboot, so a reset ends it too).
echo o > /proc/sysrq-trigger
sleep 2
echo b > /proc/sysrq-trigger
sleep 10
