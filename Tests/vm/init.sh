#!/bin/sh
# /init of the rescue test VM (runs under the base initrd's busybox sh).
# Mounts the pseudo file systems, loads the modules, runs /scenario.sh under
# bash and sends its output, exit status and result files back to the host:
#   virtio-serial port "vm.output"  <- scenario stdout+stderr, streamed live
#   virtio-serial port "vm.results" <- tar of /vm-out (status + results/), at the end
#   serial console                  <- markers + status (fallback, debugging)
export PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
export LD_LIBRARY_PATH=/usr/local/lib
export PARTED_GPT_APPLE=0
export GCONV_PATH=/usr/local/lib/gconv
export HOME=/root TERM=dumb LANG=C.UTF-8

mkdir -p /proc /sys /dev /run /tmp /etc /root /mnt
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/mdadm /run/lock
hostname rescue

debug=
grep -qw vm.debug /proc/cmdline && debug=1
log() { echo "vm-init: $*" > /dev/console; }
dlog() { [ -z "$debug" ] || log "$(cut -d' ' -f1 /proc/uptime)s $*"; }
dlog start

# The base initrd's mdadm.conf and modprobe.d come from the build host: start
# clean, with Debian's md default (arrays assembled read-only until the
# first write, "auto-read-only" in /proc/mdstat).
rm -f /etc/mdadm/mdadm.conf /etc/mdadm/mdadm.conf.tmp /etc/mdadm.conf
rm -rf /etc/modprobe.d
mkdir -p /etc/modprobe.d
echo "options md_mod start_ro=1" > /etc/modprobe.d/mdadm.conf

# Busybox applets (mkswap, mke2fs, fdisk, ...) are hard links in /usr/bin and
# /usr/sbin. Replace those names (only the names; busybox itself stays) by
# links to the real tools, so that /sbin/mkswap is the real mkswap, as on a
# rescue system.
for t in /usr/local/bin/*; do
    n=${t##*/}
    for d in /usr/sbin /usr/bin; do
        [ -d "$d/$n" ] && [ ! -L "$d/$n" ] || rm -f "$d/$n"
    done
    ln -s "$t" "/usr/sbin/$n"
done

# Modules: kmod on our own module tree. The kernel loads the rest on demand
# through the same modprobe (md personalities, file systems, nls, loop).
kver=$(cat /usr/local/kernel-version)
if [ ! -e "/usr/lib/modules/$kver" ]; then
    mkdir -p /usr/lib/modules
    ln -s "/usr/local/modules/lib/modules/$kver" "/usr/lib/modules/$kver"
fi
echo /usr/local/bin/modprobe > /proc/sys/kernel/modprobe
# Static nodes whose opening loads their module (/dev/loop-control), as
# systemd-tmpfiles creates them from modules.devname on a real system.
grep -v '^#' "/usr/local/modules/lib/modules/$kver/modules.devname" 2>/dev/null |
    while read -r _ name spec; do
        t=${spec%%[0-9]*}; mm=${spec#?}
        [ -e "/dev/$name" ] || { mkdir -p "$(dirname "/dev/$name")"; mknod "/dev/$name" "$t" "${mm%%:*}" "${mm#*:}"; }
    done
# shellcheck disable=SC2046
modprobe -a $(cat /usr/local/modules/eager) || log "modprobe of the boot modules failed"
dlog "modules loaded"

# Ports are named by the host shortly after they appear.
port() {
    i=0
    while [ $i -lt 200 ]; do
        for n in /sys/class/virtio-ports/*/name; do
            [ -r "$n" ] && [ "$(cat "$n")" = "$1" ] || continue
            d=${n%/name}; d=/dev/${d##*/}
            [ -c "$d" ] && { echo "$d"; return 0; }
        done
        i=$((i + 1))
        sleep 0.02
    done
    return 1
}
outdev=$(port vm.output) || { log "no output port, output goes to the console"; outdev=/dev/console; }
resdev=$(port vm.results) || { log "no results port"; resdev=; }
dlog "ports $outdev $resdev"
echo "$resdev" > /run/vm-results-port

mkdir -p /vm-out/results
export RESULTS=/vm-out/results
cd /tmp
echo "@@VM-SCENARIO-BEGIN@@" > /dev/console
bash /scenario.sh < /dev/null > "$outdev" 2>&1
status=$?
echo "$status" > /vm-out/status
dlog "scenario exit $status"

# Clean shutdown, as a reboot would do: unmount, stop arrays.
sync
awk '$1 ~ "^/dev/(md|vd|loop)" { print $2 }' /proc/mounts | sort -r |
    while read -r mp; do umount "$mp" 2>/dev/null || umount -l "$mp"; done
[ -e /proc/mdstat ] && mdadm --stop --scan > /dev/null 2>&1
sync

dmesg > /vm-out/dmesg 2>/dev/null
[ -n "$resdev" ] && tar cf "$resdev" -C /vm-out .
echo "@@VM-SCENARIO-END status=$status@@" > /dev/console
dlog poweroff
poweroff -f
