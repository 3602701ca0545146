#!/bin/bash
# Boot the rescue test VM once and run one scenario in it.
#
#   Tests/vm/run-vm.sh --scenario FILE
#       [--disk SIZE[:lbs=N,pbs=N,bus=B]]... new sparse disk (SIZE as for truncate: 2G, 512M, bytes);
#                                            bus virtio (default, /dev/vdX), nvme (/dev/nvmeNn1) or sata (AHCI, /dev/sdX)
#       [--disk-image PATH[:lbs=N,pbs=N]]... existing raw image (e.g. a second boot of kept disks)
#       [--keep-disks DIR]                   create the new disks as DIR/vda.img, DIR/vdb.img, ...
#       [--extra-binary PATH]...             copied to /usr/local/bin in the VM (with its libraries)
#       [--input PATH[:NAME]]...             copied to /input/NAME in the VM
#       [--env NAME=VALUE]...                the scenario's parameters: in its environment
#       [--out DIR]                          keep output.log, status, files/, console.log, dmesg.log,
#                                            boot-seconds (and power-loss) in DIR
#       [--timeout SEC]                      default 300
#       [--variant NAME]                     the image to boot: base (default) or ansible
#                                            (with python3 and ansible-core; build-initrd.sh)
#       [--firmware uefi --vars FILE]        start under OVMF with FILE as its variable store (made from
#                                            OVMF's empty one if missing, written in place): the rescue
#                                            system then has EFI variables; virtio disks sit at fixed PCI
#                                            slots (0x10, 0x11, ...) as in boot-disks.sh --vars
#
# Disks appear in the VM as /dev/vda, /dev/vdb, ... in the order given (disk
# options and images may be mixed), with serials vmdisk0, vmdisk1, ...
# The scenario runs as `bash /scenario.sh` as root, stdin /dev/null, cwd /tmp,
# with the --env variables set; it may source /scenarios/lib.sh (scenarios/lib.sh);
# files it writes below $RESULTS come back (DIR/files/ with --out);
# `vm-power-loss [STATUS]` resets the VM at once, as a power failure.
# Prints the scenario's stdout+stderr and exits with its exit status.
# Harness failures (timeout, crash, no status) exit 125 and say so on stderr;
# with --out, a missing DIR/status tells them apart from a scenario's 125.
# Environment: VM_DEBUG=1 (init timings on the console), VM_KERNEL_ARGS,
# and those of build-initrd.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "run-vm: $*" >&2; exit 125; }

scenario='' keep='' outdir='' timeout_s=300 firmware=bios vars=''
disks=() extras=() inputs=() envs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --scenario) scenario=${2:?}; shift 2 ;;
        --disk) disks+=("new:${2:?}"); shift 2 ;;
        --disk-image) disks+=("img:${2:?}"); shift 2 ;;
        --keep-disks) keep=${2:?}; shift 2 ;;
        --extra-binary) extras+=("${2:?}"); shift 2 ;;
        --input) inputs+=("${2:?}"); shift 2 ;;
        --env) envs+=("${2:?}"); shift 2 ;;
        --out) outdir=${2:?}; shift 2 ;;
        --timeout) timeout_s=${2:?}; shift 2 ;;
        --variant) export VM_VARIANT=${2:?}; shift 2 ;;
        --firmware) firmware=${2:?}; shift 2 ;;
        --vars) vars=${2:?}; shift 2 ;;
        -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1" ;;
    esac
done
[ -n "$scenario" ] || die "--scenario FILE is required"
[ -f "$scenario" ] || die "scenario not found: $scenario"
[ ${#disks[@]} -le 26 ] || die "at most 26 disks"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"

work=$(mktemp -d "${TMPDIR:-/tmp}/diskplan-vm.XXXXXX")
qpid=
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
    [ -z "$qpid" ] || kill "$qpid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- firmware: SeaBIOS with the kernel given (PVH), or OVMF with a variable store --
firmware_args=()
case $firmware in
    bios) ;;
    uefi)
        [ -n "$vars" ] || die "--firmware uefi needs --vars FILE"
        code=/usr/share/OVMF/OVMF_CODE_4M.fd
        [ -f "$code" ] || die "$code missing (apt-get install ovmf)"
        [ -f "$vars" ] || cp /usr/share/OVMF/OVMF_VARS_4M.fd "$vars"
        # OVMF starts a bzImage (its EFI stub), not the PVH vmlinux.
        export VM_BZIMAGE=1
        firmware_args=(-drive "if=pflash,format=raw,readonly=on,file=$code" -drive "if=pflash,format=raw,file=$vars") ;;
    *) die "unknown firmware: $firmware (bios, uefi)" ;;
esac

# --- initrd: base + cached overlays + this run's scenario ----------------------
kernel=$("$here/build-initrd.sh" "$work/initrd.img" "${extras[@]}") || die "initrd build failed"
mkdir -p "$work/run/input"
install -m 0755 "$scenario" "$work/run/scenario.sh"
install -D -m 0644 "$here/scenarios/lib.sh" "$work/run/scenarios/lib.sh"
# The parameters, NUL-separated NAME=VALUE (any value but NUL): init.sh hands them to the scenario.
: > "$work/run/scenario.env"
for e in "${envs[@]}"; do
    [[ $e =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "bad --env (NAME=VALUE): $e"
    printf '%s\0' "$e" >> "$work/run/scenario.env"
done
for i in "${inputs[@]}"; do
    src=${i%%:*}; name=$(basename "$src")
    [ "$src" = "$i" ] || name=${i#*:}
    [ -f "$src" ] || die "input not found: $src"
    cp "$src" "$work/run/input/$name"
done
(cd "$work/run" && find . -mindepth 1 | cpio --quiet -o -H newc -R 0:0) >> "$work/initrd.img"

# --- disks ----------------------------------------------------------------------
[ -z "$keep" ] || mkdir -p "$keep"
drive_args=()
n=0 ahci='' sata_port=0
letters=abcdefghijklmnopqrstuvwxyz
for d in "${disks[@]}"; do
    kind=${d%%:*}; spec=${d#*:}
    what=${spec%%:*}; opts=
    [ "$what" = "$spec" ] || opts=${spec#*:}
    letter=${letters:n:1}
    if [ "$kind" = new ]; then
        img=${keep:-$work}/vd$letter.img
        rm -f "$img"
        truncate -s "$what" "$img" || die "bad disk size: $what"
    else
        img=$what
        [ -f "$img" ] || die "disk image not found: $img"
    fi
    dev="virtio-blk-pci,drive=d$n,serial=vmdisk$n"
    if [ -n "$opts" ]; then
        IFS=, read -ra kv <<< "$opts"
        for o in "${kv[@]}"; do
            case "$o" in
                lbs=*) dev+=",logical_block_size=${o#lbs=}" ;;
                pbs=*) dev+=",physical_block_size=${o#pbs=}" ;;
                bus=virtio) ;;
                bus=nvme) dev=${dev/virtio-blk-pci/nvme} ;;
                bus=sata)  # one AHCI controller, a port per disk: /dev/sda, /dev/sdb, ...
                    [ -n "$ahci" ] || { ahci=1; drive_args+=(-device "ahci,id=ahci0"); }
                    dev=${dev/virtio-blk-pci/ide-hd},bus=ahci0.$sata_port
                    sata_port=$((sata_port + 1)) ;;
                *) die "unknown disk option: $o" ;;
            esac
        done
    fi
    # Fixed slots under OVMF: a boot entry names a virtio disk by its PCI path.
    [ "$firmware" = bios ] || [ "${dev%%,*}" != virtio-blk-pci ] || dev+=",addr=$(printf 0x%x $((0x10 + n)))"
    drive_args+=(-drive "file=$img,format=raw,if=none,id=d$n,cache=unsafe,discard=unmap,detect-zeroes=unmap"
                 -device "$dev")
    n=$((n + 1))
done

# --- boot -----------------------------------------------------------------------
# One VM at a time on this machine (all checkouts): two TCG guests on two
# cores only slow each other down until their timeouts fire.
exec 8>"${VM_LOCK:-/run/lock/diskplan-vm.lock}"
flock 8
: > "$work/output.log"; : > "$work/results.tar"; : > "$work/console.log"
start=$(date +%s.%N)
timeout --kill-after=5 "$timeout_s" \
    qemu-system-x86_64 -accel tcg -m 3072 -smp 2 -nographic -no-reboot \
        -nodefaults -no-user-config -monitor none \
        -serial "file:$work/console.log" \
        -kernel "$kernel" -initrd "$work/initrd.img" \
        -append "console=ttyS0 quiet loglevel=1 panic=1 ${VM_DEBUG:+vm.debug} ${VM_KERNEL_ARGS:-}" \
        "${firmware_args[@]}" "${drive_args[@]}" \
        -device virtio-serial-pci,id=vser \
        -chardev "file,id=vmout,path=$work/output.log" \
        -device virtserialport,bus=vser.0,nr=1,chardev=vmout,name=vm.output \
        -chardev "file,id=vmres,path=$work/results.tar" \
        -device virtserialport,bus=vser.0,nr=2,chardev=vmres,name=vm.results \
    > "$work/qemu.log" 2>&1 &
qpid=$!
set +e
wait "$qpid"; qrc=$?
set -e
qpid=
elapsed=$(echo "$(date +%s.%N) - $start" | bc)

# --- results --------------------------------------------------------------------
# results.tar holds ./status, ./results/... and ./power-loss (if so).
mkdir -p "$work/vmout/results"
status=
if [ -s "$work/results.tar" ] && tar xf "$work/results.tar" -C "$work/vmout" 2>/dev/null &&
   [ -f "$work/vmout/status" ]; then
    status=$(tr -dc 0-9 < "$work/vmout/status")
    [ ! -f "$work/vmout/power-loss" ] || : > "$work/power-loss"
    [ ! -f "$work/vmout/dmesg" ] || mv "$work/vmout/dmesg" "$work/dmesg.log"
else
    # fallback: the console's end marker
    status=$(tr -d '\r' < "$work/console.log" | sed -n 's/^@@VM-SCENARIO-END status=\([0-9]*\).*@@$/\1/p' | tail -n 1)
fi
mv "$work/vmout/results" "$work/files"
[ -z "$status" ] || echo "$status" > "$work/status"
printf '%s\n' "$elapsed" > "$work/boot-seconds"

if [ -n "$outdir" ]; then
    mkdir -p "$outdir"
    rm -rf "$outdir/files"
    cp -r "$work/files" "$outdir/files"
    for f in output.log console.log dmesg.log qemu.log status boot-seconds power-loss; do
        rm -f "$outdir/$f"
        [ ! -f "$work/$f" ] || cp "$work/$f" "$outdir/$f"
    done
fi

cat "$work/output.log"
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
    echo "run-vm: TIMEOUT: the VM did not finish within ${timeout_s}s; console tail:" >&2
    tr -d '\r' < "$work/console.log" | tail -n 30 >&2
    exit 125
fi
if [ -z "$status" ]; then
    echo "run-vm: the VM ended without a scenario status (qemu exit $qrc); qemu said:" >&2
    tail -n 10 "$work/qemu.log" >&2
    echo "run-vm: console tail:" >&2
    tr -d '\r' < "$work/console.log" | tail -n 30 >&2
    exit 125
fi
echo "run-vm: scenario exit status $status$([ -f "$work/power-loss" ] && echo ' (power loss)'), VM wall time ${elapsed}s" >&2
exit "$status"
