#!/bin/bash
# Boot installed disk images themselves (no -kernel): the firmware finds the
# boot loader on the disks, as a server's would.
#
#   Tests/vm/boot-disks.sh [--firmware bios|uefi [--vars FILE]] [--timeout SEC] [--console FILE] IMAGE|none...
#
# bios: SeaBIOS (qemu's default); uefi: OVMF from Debian's ovmf package, with a
# fresh copy of its empty variable store (no boot entries: the firmware must
# find GRUB at the removable path), or with --vars a copy of FILE: the store a
# rescue system wrote boot entries into (run-vm.sh --firmware uefi --vars FILE).
# Then each disk sits at the PCI slot it had there (0x10, 0x11, ...: `none`
# keeps a removed disk's slot empty) and no bootindex overrides the entries'
# BootOrder. The images are attached as virtio disks
# in the order given, each bootable (bootindex), with snapshot=on: the boot
# writes nothing back, so every boot starts from the installed disks.
# The installed host's boot-report unit writes between @@HOST-BOOT-BEGIN@@ and
# @@HOST-BOOT-END@@ on the serial console and powers off; that report is
# printed. Exit 0 with a report, 1 without one (the console tail on stderr),
# 125 when qemu cannot start.
set -euo pipefail
firmware=bios timeout_s=600 console='' store=''
images=()
while [ $# -gt 0 ]; do
    case "$1" in
        --firmware) firmware=${2:?}; shift 2 ;;
        --timeout) timeout_s=${2:?}; shift 2 ;;
        --console) console=${2:?}; shift 2 ;;
        --vars) store=${2:?}; shift 2 ;;
        -*) echo "boot-disks: unknown option $1" >&2; exit 125 ;;
        *) images+=("$1"); shift ;;
    esac
done
[ ${#images[@]} -gt 0 ] || { echo "boot-disks: no disk image" >&2; exit 125; }
work=$(mktemp -d "${TMPDIR:-/tmp}/diskplan-boot.XXXXXX")
trap 'rm -rf "$work"' EXIT
args=()
case $firmware in
    bios) ;;
    uefi)
        code=/usr/share/OVMF/OVMF_CODE_4M.fd vars=/usr/share/OVMF/OVMF_VARS_4M.fd
        [ -f "$code" ] || { echo "boot-disks: $code missing (apt-get install ovmf)" >&2; exit 125; }
        cp "${store:-$vars}" "$work/vars.fd"
        args+=(-drive "if=pflash,format=raw,readonly=on,file=$code" -drive "if=pflash,format=raw,file=$work/vars.fd") ;;
    *) echo "boot-disks: unknown firmware $firmware" >&2; exit 125 ;;
esac
n=0
for img in "${images[@]}"; do
    if [ "$img" = none ]; then n=$((n + 1)); continue; fi
    [ -f "$img" ] || { echo "boot-disks: no such image $img" >&2; exit 125; }
    dev="virtio-blk-pci,drive=d$n,serial=vmdisk$n"
    if [ -n "$store" ]; then dev+=",addr=$(printf 0x%x $((0x10 + n)))"; else dev+=",bootindex=$n"; fi
    args+=(-drive "file=$img,format=raw,if=none,id=d$n,snapshot=on,cache=unsafe" -device "$dev")
    n=$((n + 1))
done
: "${console:=$work/console.log}"
: > "$console"
# One VM at a time on this machine, as run-vm.sh.
exec 8>"${VM_LOCK:-/run/lock/diskplan-vm.lock}"
flock 8
start=$(date +%s)
set +e
timeout --kill-after=5 "$timeout_s" qemu-system-x86_64 -accel tcg -m 1536 -smp 2 -nographic -no-reboot \
    -nodefaults -no-user-config -monitor none -serial "file:$console" "${args[@]}" > "$work/qemu.log" 2>&1
qrc=$?
set -e
report=$(tr -d '\r' < "$console" | sed -n '/^@@HOST-BOOT-BEGIN@@$/,/^@@HOST-BOOT-END@@$/p')
if [ -z "$report" ] || ! grep -q '^@@HOST-BOOT-END@@$' <<< "$report"; then
    echo "boot-disks: no boot report (qemu exit $qrc after $(( $(date +%s) - start )) s); console tail:" >&2
    tr -d '\r' < "$console" | tail -n 40 >&2
    cat "$work/qemu.log" >&2
    exit 1
fi
echo "$report"
echo "boot-seconds $(( $(date +%s) - start ))"
