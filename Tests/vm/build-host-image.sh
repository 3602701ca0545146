#!/bin/bash
# Build the host root that the boot tests install with `image:`: a small
# Debian bookworm made by mmdebstrap from Debian's packages, as a gzip'd tar
# archive (the shape of installimage's images and of mmdebstrap's output).
#
#   Tests/vm/build-host-image.sh        prints the path of the cached archive
#
# What it holds: Debian's kernel, systemd, udev, mdadm, initramfs-tools, GRUB
# for BIOS and UEFI (grub-pc-bin, grub-efi-amd64-bin, grub2-common), e2fsprogs,
# dosfstools. Nothing of diskplan's: the boot loader, fstab, mdadm.conf and the
# initramfs are what `diskplan apply` puts there. For the tests to see the
# boot, the image also carries:
#   - /etc/default/grub: serial console, no menu delay, rootdelay=12 (Debian's
#     initramfs starts a degraded array after two thirds of it);
#   - boot-report.service: once the file systems are mounted, it writes what
#     / and /boot are on and /proc/mdstat to the serial console between
#     @@HOST-BOOT-BEGIN@@ and @@HOST-BOOT-END@@, then powers off.
# Kernel modules the boot tests do not load (GPU, network, sound, media, USB,
# InfiniBand, staging, ...) and documentation are left out.
#
# Cached in $VM_CACHE_DIR (default <repo>/.build-vmcache) as host-KEY.tar.gz,
# keyed by this script: about 2 minutes to build, once per checkout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${VM_CACHE_DIR:-$repo/.build-vmcache}
die() { echo "build-host-image: $*" >&2; exit 2; }
command -v mmdebstrap >/dev/null || die "missing mmdebstrap (scripts/install-deps installs it)"

packages=(linux-image-amd64 systemd-sysv udev kmod mdadm initramfs-tools
          grub-pc-bin grub-efi-amd64-bin grub2-common e2fsprogs dosfstools procps)
key=$(cat "$here/build-host-image.sh" "$here/host-image-customize.sh" | sha256sum | cut -c1-16)
out=$cache/host-$key.tar.gz
mkdir -p "$cache"
exec 9>"$cache/host.lock"
flock 9
if [ ! -f "$out" ]; then
    echo "build-host-image: building the host root (bookworm: ${packages[*]})" >&2
    start=$(date +%s)
    excludes=()
    # dpkg matches the paths as packaged: the kernel ships /lib/modules.
    for p in /usr/share/doc/\* /usr/share/locale/\* /usr/share/info/\* /usr/share/man/\*; do
        excludes+=(--dpkgopt="path-exclude=$p")
    done
    for m in drivers/gpu drivers/media drivers/net drivers/infiniband drivers/staging drivers/iio drivers/hwmon \
             drivers/bluetooth drivers/usb sound net/wireless net/mac80211 net/bluetooth; do
        excludes+=(--dpkgopt="path-exclude=/lib/modules/*/kernel/$m/*")
    done
    mmdebstrap --variant=minbase --mode=root --include="$(IFS=,; echo "${packages[*]}")" "${excludes[@]}" \
        --customize-hook="$here/host-image-customize.sh \"\$1\"" \
        bookworm "$out.tmp.tar" >"$cache/mmdebstrap-host.log" 2>&1 ||
        die "mmdebstrap failed; see $cache/mmdebstrap-host.log"
    gzip -1 < "$out.tmp.tar" > "$out.tmp"
    rm -f "$out.tmp.tar"
    mv "$out.tmp" "$out"
    find "$cache" -maxdepth 1 -name 'host-????????????????.tar.gz' ! -name "${out##*/}" -delete
    echo "build-host-image: host root built in $(( $(date +%s) - start )) s" >&2
fi
echo "$out"
