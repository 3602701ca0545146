#!/bin/bash
# mmdebstrap's customize hook for build-host-image.sh: $1 is the new root.
# What makes the boot of the installed host visible to the tests; nothing
# here is about the disks (diskplan writes fstab, mdadm.conf, the initramfs
# and the boot loader).
set -euo pipefail
root=$1
echo host > "$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 host\n' > "$root/etc/hosts"
cat > "$root/etc/default/grub" <<'GRUB'
GRUB_DEFAULT=0
GRUB_TIMEOUT=0
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX="console=ttyS0,115200 rootdelay=12"
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --speed=115200"
GRUB_DISABLE_OS_PROBER=true
GRUB
cat > "$root/usr/local/sbin/boot-report" <<'REPORT'
#!/bin/sh
# Tells the boot tests what the host booted from, then powers off.
{
    echo "@@HOST-BOOT-BEGIN@@"
    echo "root $(findmnt -n -o SOURCE /)"
    echo "boot $(findmnt -n -o SOURCE /boot)"
    echo "efi $(findmnt -n -o SOURCE /boot/efi || echo none)"
    echo "swap $(tail -n +2 /proc/swaps | awk '{print $1}' | tr '\n' ' ')"
    echo "cmdline $(cat /proc/cmdline)"
    echo "firmware $([ -d /sys/firmware/efi ] && echo uefi || echo bios)"
    # The boot entry the firmware started (BootCurrent) and its label (ASCII, UCS-2 in the variable).
    g=8be4df61-93ca-11d2-aa0d-00e098032b8c v=/sys/firmware/efi/efivars
    if [ -r "$v/BootCurrent-$g" ]; then
        n=$(od -An -tx1 -j4 -N2 "$v/BootCurrent-$g" | awk '{print toupper($2 $1)}')
        label=
        for w in $(od -An -v -tx2 -j10 -N160 "$v/Boot$n-$g" 2>/dev/null); do
            [ "$w" = 0000 ] && break
            label="$label$(printf "\\$(printf %o "0x$w")")"
        done
        echo "bootentry Boot$n $label"
    fi
    cat /proc/mdstat
    echo "@@HOST-BOOT-END@@"
} > /dev/ttyS0 2>&1
systemctl --no-block poweroff
REPORT
chmod 0755 "$root/usr/local/sbin/boot-report"
cat > "$root/etc/systemd/system/boot-report.service" <<'UNIT'
[Unit]
Description=Report the boot to the serial console and power off (diskplan boot tests)
After=local-fs.target swap.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/boot-report
[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/boot-report.service "$root/etc/systemd/system/multi-user.target.wants/boot-report.service"
# The serial getty would hold the console; the report powers off anyway.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
