#!/bin/bash
# Build the rescue system the test VM boots: a Debian userland from Debian's
# packages, booted as an initramfs (the whole system in RAM, as a hoster's
# rescue system is).
#
#   Tests/vm/build-initrd.sh OUT_INITRD [EXTRA_BINARY...]
#
# OUT_INITRD = "rootfs": Debian bookworm made by mmdebstrap from the package
#              list below (systemd-udevd with mdadm's and LVM's udev rules,
#              mdadm, parted, gdisk, e2fsprogs, xfsprogs, dosfstools, lvm2,
#              cryptsetup, ...), plus the kernel modules of the kernel we boot
#              (from this host's /lib/modules), our /init and vm-power-loss
#            + "extras": every EXTRA_BINARY in /usr/local/bin, WITHOUT any
#              library: a binary must run on the rescue system's own libraries
#              (the build checks that each library it needs is in the rootfs).
# Both parts are cached in $VM_CACHE_DIR (default <repo>/.build-vmcache):
# the rootfs by its package list and this script, the cpio by the rootfs,
# the kernel, init.sh and vm-power-loss.sh. A cache hit costs one `cat`.
#
# Prints the path of the kernel to boot on stdout (an uncompressed vmlinux
# extracted from Debian's bzImage when the kernel supports PVH boot).
#
# Environment: VM_CACHE_DIR, VM_KERNEL_VERSION (default: newest in /boot),
# VM_BZIMAGE=1 (boot the bzImage), VM_EXTRA_PACKAGES (more Debian packages),
# VM_VARIANT (default `base`; `ansible`: the rescue system plus python3 and
# Debian's ansible-core, for the test that applies the Ansible collection inside
# the VM: a separate image, cached beside the base one, that only that test boots).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${VM_CACHE_DIR:-$repo/.build-vmcache}

die() { echo "build-initrd: $*" >&2; exit 2; }

[ $# -ge 1 ] || die "usage: build-initrd.sh OUT_INITRD [EXTRA_BINARY...]"
out=$1; shift
extras=()
for b in "$@"; do
    [ -f "$b" ] || die "extra binary not found: $b"
    extras+=("$(realpath "$b")")
done

for t in mmdebstrap cpio sha256sum modprobe depmod flock; do
    command -v "$t" >/dev/null || die "missing host tool: $t (scripts/install-deps installs it)"
done

# --- what a hoster's rescue system has --------------------------------------------
suite=bookworm
# Image variants: more of Debian's packages for the few tests that need them, each a
# rootfs and cpio of its own (named NAME-VARIANT-KEY), so the base image stays as small
# and every other boot as fast as before.
variant=${VM_VARIANT:-base}
case $variant in
    base) variant_packages=() ;;
    ansible) variant_packages=(python3 ansible-core python3-apt) ;;  # bookworm: ansible-core 2.14, python 3.11
    *) die "unknown VM_VARIANT: $variant (base, ansible)" ;;
esac
name_part=
[ "$variant" = base ] || name_part=-$variant
read -ra extra_packages <<< "${VM_EXTRA_PACKAGES:-}"   # names separated by spaces
packages=(systemd udev kmod util-linux procps psmisc
          mdadm parted gdisk fdisk e2fsprogs xfsprogs dosfstools lvm2 cryptsetup-bin efibootmgr
          libparted2 libblkid1 man-db "${extra_packages[@]}" "${variant_packages[@]}")
# Modules of the booted kernel the rescue system may need, with their
# dependencies; udev and the kernel load them on demand as on real hardware.
modules=(virtio_pci virtio_blk virtio_console nvme ahci sd_mod
         md-mod linear raid0 raid1 raid10 raid456
         dm-mod dm-crypt dm-snapshot dm-mirror
         efivarfs ext4 xfs vfat nls_cp437 nls_ascii nls_iso8859-1 nls_utf8 loop
         crc32c_generic xts aes_generic sha256_generic af_alg algif_skcipher algif_hash)

# --- kernel: the newest installed Debian kernel ----------------------------------
kver=${VM_KERNEL_VERSION:-}
if [ -z "$kver" ]; then
    kver=$(for k in /boot/vmlinuz-*; do [ ! -e "$k" ] || echo "${k#/boot/vmlinuz-}"; done | sort -V | tail -n 1)
fi
[ -n "$kver" ] || die "no kernel in /boot (apt-get install linux-image-amd64)"
kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || die "missing $kernel"
[ -d "/lib/modules/$kver" ] || die "missing /lib/modules/$kver"
mod_files=$(for m in "${modules[@]}"; do
        modprobe -C /dev/null -S "$kver" --show-depends "$m" || die "module $m not found for $kver"
    done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }')
mapfile -t mod_list <<< "$mod_files"

# --- cache keys ---------------------------------------------------------------------
hash_files() { stat -L -c '%n %s %Y' "$@" | sha256sum | cut -c1-16; }
rootfs_key=$( { printf '%s\n' "$suite" "${packages[@]}"; sha256sum "$here/build-initrd.sh"; } | sha256sum | cut -c1-16)
cpio_key=$( { echo "$rootfs_key"; hash_files "$here/init.sh" "$here/vm-power-loss.sh" "$kernel" "${mod_list[@]}"; } | sha256sum | cut -c1-16)
extras_key=none
[ ${#extras[@]} -eq 0 ] || extras_key=$( { hash_files "${extras[@]}"; printf '%s\n' "${extras[@]##*/}"; } | sha256sum | cut -c1-16)

mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9
tmp=
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT

# Owners stay as the packages set them (e.g. /var/cache/man is man's: mandb, which
# dpkg's man-db trigger runs as that user, writes there); the staging runs as root.
make_cpio() { # DIR OUT: newc archive of DIR's contents
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc) > "$2.tmp"
    truncate -s %512 "$2.tmp"   # the next concatenated archive starts aligned
    mv "$2.tmp" "$2"
}

# --- rootfs: Debian from Debian's packages ------------------------------------------
rootfs_tar=$cache/rootfs$name_part-$rootfs_key.tar
if [ ! -f "$rootfs_tar" ]; then
    echo "build-initrd: building the rescue system ($suite: ${packages[*]})" >&2
    start=$(date +%s)
    # Documentation and translations are left out; man pages stay (man works there).
    mmdebstrap --variant=minbase --mode=root --format=tar --include="$(IFS=,; echo "${packages[*]}")" \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' \
        "$suite" "$rootfs_tar.tmp" >"$cache/mmdebstrap$name_part.log" 2>&1 ||
        die "mmdebstrap failed; see $cache/mmdebstrap$name_part.log"
    mv "$rootfs_tar.tmp" "$rootfs_tar"
    echo "build-initrd: rescue system built in $(( $(date +%s) - start )) s" >&2
    # Older builds of this variant (16 hex digits: another variant's name never matches).
    find "$cache" -maxdepth 1 -name "rootfs$name_part-????????????????.tar" ! -name "${rootfs_tar##*/}" -delete
fi

# --- the initramfs: rootfs + modules + our init -------------------------------------
rootfs_cpio=$cache/rescue$name_part-$cpio_key.cpio
if [ ! -f "$rootfs_cpio" ]; then
    tmp=$(mktemp -d "$cache/stage.XXXXXX")
    r=$tmp/root
    mkdir "$r"
    tar -C "$r" --numeric-owner -xf "$rootfs_tar"
    mdir=$r/usr/lib/modules/$kver
    for f in "${mod_list[@]}"; do
        rel=${f#*/lib/modules/"$kver"/}
        mkdir -p "$mdir/$(dirname "$rel")"
        case "$rel" in   # uncompressed: faster to load under emulation
            *.ko) cp "$f" "$mdir/$rel" ;;
            *.ko.xz) xz -dc "$f" > "$mdir/${rel%.xz}" ;;
            *.ko.zst) zstd -qdc "$f" > "$mdir/${rel%.zst}" ;;
            *.ko.gz) gzip -dc "$f" > "$mdir/${rel%.gz}" ;;
            *) die "unknown module file type: $f" ;;
        esac
    done
    for f in modules.builtin modules.builtin.modinfo modules.order; do
        [ ! -f "/lib/modules/$kver/$f" ] || cp "/lib/modules/$kver/$f" "$mdir/$f"
    done
    depmod -b "$r" "$kver" || die "depmod failed"
    echo rescue > "$r/etc/hostname"
    printf '127.0.0.1 localhost\n127.0.1.1 rescue\n' > "$r/etc/hosts"
    : > "$r/etc/fstab"
    install -m 0755 "$here/init.sh" "$r/init"
    install -m 0755 "$here/vm-power-loss.sh" "$r/usr/local/bin/vm-power-loss"
    make_cpio "$r" "$rootfs_cpio"
    rm -rf "$tmp"; tmp=
    find "$cache" -maxdepth 1 -name "rescue$name_part-????????????????.cpio" ! -name "${rootfs_cpio##*/}" -delete
fi

# --- extras: our binaries, on the rescue system's own libraries ---------------------
extras_cpio=
if [ "$extras_key" != none ]; then
    extras_cpio=$cache/extras-$extras_key.cpio
    if [ ! -f "$extras_cpio" ]; then
        tmp=$(mktemp -d "$cache/stage.XXXXXX")
        mkdir -p "$tmp/usr/local/bin"
        have=$(tar -tf "$rootfs_tar" | sed -n 's|^\./usr/lib/x86_64-linux-gnu/||p')
        for b in "${extras[@]}"; do
            n=$(basename "$b")
            for lib in $(readelf -d "$b" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
                grep -qxF "$lib" <<< "$have" ||
                    die "$n needs $lib, which the rescue system ($suite) does not have"
            done
            [ ! -e "$tmp/usr/local/bin/$n" ] || die "two extra binaries named $n"
            cp -L "$b" "$tmp/usr/local/bin/$n"
            chmod 0755 "$tmp/usr/local/bin/$n"
        done
        make_cpio "$tmp" "$extras_cpio"
        rm -rf "$tmp"; tmp=
        # Our own names (extras-HEX.cpio), which ls sorts by age: the three newest stay.
        # shellcheck disable=SC2012
        ls -1t "$cache"/extras-*.cpio 2>/dev/null | tail -n +4 | xargs -r rm -f
    fi
fi

# --- kernel to boot -------------------------------------------------------------------
# qemu boots an uncompressed ELF vmlinux through its PVH entry point directly,
# skipping the BIOS, real-mode setup and the in-guest decompression of the
# bzImage (about 4 s under TCG). Extracted once; falls back to the bzImage.
boot_kernel=$kernel
if [ "${VM_BZIMAGE:-0}" != 1 ] && grep -q '^CONFIG_PVH=y' "/boot/config-$kver" 2>/dev/null; then
    vmlinux=$cache/vmlinux-$kver
    if [ ! -f "$vmlinux" ] || [ "$vmlinux" -ot "$kernel" ]; then
        rm -f "$vmlinux.tmp"
        for magic in xz:$'\xfd7zXZ' zstd:$'\x28\xb5\x2f\xfd' gzip:$'\x1f\x8b\x08'; do
            tool=${magic%%:*}
            for off in $(LC_ALL=C grep -obUa "${magic#*:}" "$kernel" | cut -d: -f1 | head -n 3); do
                case $tool in
                    xz) tail -c +$((off + 1)) "$kernel" | xz -dcq --single-stream > "$vmlinux.tmp" 2>/dev/null || true ;;
                    zstd) tail -c +$((off + 1)) "$kernel" | zstd -dcq > "$vmlinux.tmp" 2>/dev/null || true ;;
                    gzip) tail -c +$((off + 1)) "$kernel" | gzip -dcq > "$vmlinux.tmp" 2>/dev/null || true ;;
                esac
                [ "$(head -c 4 "$vmlinux.tmp" 2>/dev/null)" = $'\x7fELF' ] && break 2
            done
        done
        if [ "$(head -c 4 "$vmlinux.tmp" 2>/dev/null)" = $'\x7fELF' ]; then
            mv "$vmlinux.tmp" "$vmlinux"
        else
            rm -f "$vmlinux.tmp"
            echo "build-initrd: could not extract vmlinux from $kernel, booting the bzImage" >&2
        fi
    fi
    [ ! -f "$vmlinux" ] || boot_kernel=$vmlinux
fi

# --- the initrd: rescue system, then extras (later archives win) -----------------------
key="$cpio_key $extras_key"
if [ ! -f "$out" ] || [ "$(cat "$out.key" 2>/dev/null)" != "$key" ]; then
    cat "$rootfs_cpio" ${extras_cpio:+"$extras_cpio"} > "$out.tmp"
    mv "$out.tmp" "$out"
    echo "$key" > "$out.key"
fi
echo "$boot_kernel"
