#!/bin/bash
# Build the initrd of the rescue test VM.
#
#   Tests/vm/build-initrd.sh OUT_INITRD [EXTRA_BINARY...]
#
# OUT_INITRD = Debian's own initrd of the newest installed kernel (by default
#              repacked once without its kernel-module tree, see "base" below)
#            + an overlay cpio ("tools"): our /init, the disk tools with all
#              their shared libraries, kmod, the kernel modules the scenarios need
#            + an overlay cpio ("extras"): every EXTRA_BINARY with its libraries.
# The parts are cached in $VM_CACHE_DIR (default <repo>/.build-vmcache), keyed
# by their inputs, so a cache hit costs one `cat`.
#
# Everything added lives under NEW paths (/usr/local/...): Debian's initrd is
# merged-/usr and its busybox applets are hard links of one file; the kernel's
# unpacker writes an existing path in place, so an overlay entry over an
# applet would overwrite busybox itself. The only base path replaced is /init
# (a plain script there, link count 1; checked).
#
# Prints the path of the kernel to boot with it on stdout (an uncompressed
# vmlinux extracted from the bzImage when the kernel supports PVH boot).
#
# Environment: VM_CACHE_DIR, VM_KERNEL_VERSION (default: newest in /boot),
# VM_EXTRA_MODULES (more modules to ship, loaded on demand), VM_FULL_BASE=1
# (append Debian's initrd verbatim), VM_BZIMAGE=1 (boot the bzImage).
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

for t in cpio ldd sha256sum modprobe depmod flock unmkinitramfs; do
    command -v "$t" >/dev/null || die "missing host tool: $t"
done

# --- kernel: the newest installed Debian kernel that has an initrd -----------
kver=${VM_KERNEL_VERSION:-}
if [ -z "$kver" ]; then
    kver=$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -V |
        while read -r v; do [ -f "/boot/initrd.img-$v" ] && echo "$v"; done | tail -n 1)
fi
[ -n "$kver" ] || die "no kernel with initrd in /boot (apt-get install linux-image-amd64)"
kernel=/boot/vmlinuz-$kver
base=/boot/initrd.img-$kver
[ -r "$kernel" ] && [ -r "$base" ] || die "missing $kernel or $base"
[ -d "/lib/modules/$kver" ] || die "missing /lib/modules/$kver"

# --- what goes into the tools overlay -----------------------------------------
tools=(bash kmod mdadm mke2fs e2fsck dumpe2fs tune2fs mkswap mkfs.fat fsck.fat wipefs
       blkid sfdisk sgdisk parted partprobe lsblk mount umount losetup swapon swapoff
       findmnt blockdev)
# name:target links in /usr/local/bin (argv[0] matters for mke2fs and kmod)
links=(mkfs.ext4:mke2fs fsck.ext4:e2fsck mkfs.vfat:mkfs.fat fsck.vfat:fsck.fat
       lsmod:kmod insmod:kmod rmmod:kmod modinfo:kmod)
# Modules loaded by /init before the scenario (disks, results ports, md core).
# /init sets Debian's md-mod option start_ro=1 (a scenario may write
# /sys/module/md_mod/parameters/start_ro).
modules_eager=(virtio_pci virtio_blk virtio_console md-mod linear raid0 raid1 raid10)
# Modules the kernel loads on demand through /usr/local/bin/modprobe, as on a
# real system: raid456 when an array of level 4/5/6 starts, ext4/vfat on mount,
# nls_* from vfat, loop on /dev/loop-control. Loading them all eagerly would
# cost about 1.5 s per boot (raid6 benchmarks its algorithms on load).
modules_lazy=(raid456 ext4 vfat nls_cp437 nls_ascii nls_iso8859-1 nls_utf8 loop
              ${VM_EXTRA_MODULES:-})

tool_paths=()
for t in "${tools[@]}"; do
    p=$(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin command -v "$t") ||
        die "host tool $t not installed (mdadm e2fsprogs dosfstools util-linux fdisk gdisk parted kmod bash)"
    tool_paths+=("$(realpath "$p")")
done

# Module files with their dependencies (modprobe resolves them against
# /lib/modules/$kver; -C /dev/null ignores the host's modprobe.d options).
mod_files=$(for m in "${modules_eager[@]}" "${modules_lazy[@]}"; do
        modprobe -C /dev/null -S "$kver" --show-depends "$m" ||
            die "module $m not found for $kver"
    done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }')

# The interpreter of every binary is the base initrd's /lib64/ld-linux-x86-64.so.2;
# the libraries we add come from this host. They must be one glibc.
host_ld=$(realpath /lib64/ld-linux-x86-64.so.2)

# --- cache keys -----------------------------------------------------------------
# Inputs are identified by name, size and modification time (hashing the
# contents of a 77 MB binary on every boot would cost more than it saves).
hash_files() { stat -L -c '%n %s %Y' "$@" | sha256sum | cut -c1-16; }
libs_of() { # resolved shared libraries of the given binaries, one per line
    ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u
}
tool_libs=$(libs_of "${tool_paths[@]}")
tools_key=$( { hash_files "$here/build-initrd.sh" "$here/init.sh" "$here/vm-power-loss.sh" \
                 "${tool_paths[@]}" $tool_libs $mod_files "$host_ld"
               ls -l /lib/x86_64-linux-gnu/gconv/IBM437.so /lib/x86_64-linux-gnu/gconv/IBM850.so 2>/dev/null
               stat -L -c '%n %s %Y' "$kernel" "$base"
               printf '%s\n' "${tools[@]}" "${links[@]}" "${modules_eager[@]}" $mod_files
             } | sha256sum | cut -c1-16)
extras_key=none
if [ ${#extras[@]} -gt 0 ]; then
    extra_libs=$(libs_of "${extras[@]}")
    extras_key=$( { hash_files "$here/build-initrd.sh" "${extras[@]}" $extra_libs
                    printf '%s\n' "${extras[@]##*/}"; } | sha256sum | cut -c1-16)
fi

mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9

stage_libs() { # DIR LIB...: copy libraries (dereferenced) to DIR/usr/local/lib
    local dir=$1; shift
    mkdir -p "$dir/usr/local/lib"
    for l in "$@"; do
        case "$(basename "$l")" in ld-linux*) continue ;; esac
        cp -L "$l" "$dir/usr/local/lib/$(basename "$l")"
    done
}
make_cpio() { # DIR OUT: newc archive of DIR's contents, owned by root
    (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) > "$2.tmp"
    # pad to 512 bytes so the next concatenated archive starts aligned
    truncate -s %512 "$2.tmp"
    mv "$2.tmp" "$2"
}
tmp=
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT

# --- base: Debian's initrd, checked, its module tree left out -----------------
# Its busybox, libc and dynamic loader are what we use. Its 116 MB of kernel
# modules are not (we ship our own copies), and decompressing them costs about
# 2 s per boot under TCG, so by default the base is repacked once without
# usr/lib/modules, uncompressed. VM_FULL_BASE=1 appends the initrd verbatim.
base_key=$( { stat -L -c '%n %s %Y' "$base" "$host_ld"; sha256sum "$here/build-initrd.sh"
              echo "full=${VM_FULL_BASE:-0}"; } | sha256sum | cut -c1-16)
base_cpio=$cache/base-$base_key.cpio
if [ ! -f "$base_cpio" ]; then
    tmp=$(mktemp -d "$cache/stage.XXXXXX")
    (cd "$tmp" && unmkinitramfs "$base" base >/dev/null 2>&1) || die "cannot unpack $base"
    bmain=$tmp/base; [ -d "$bmain/main" ] && bmain=$bmain/main
    # The base must use this host's glibc, or our libraries would not fit its
    # dynamic loader.
    bld=$bmain/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
    [ -f "$bld" ] || die "base initrd has no dynamic loader at /usr/lib/x86_64-linux-gnu"
    cmp -s "$bld" "$host_ld" ||
        die "the dynamic loader in $base differs from this host's (libc upgraded since the initrd was made?): run update-initramfs -u -k $kver"
    [ -x "$bmain/usr/bin/busybox" ] || die "base initrd has no busybox"
    for p in usr/local scenario.sh input vm-out; do
        [ ! -e "$bmain/$p" ] && [ ! -L "$bmain/$p" ] || die "base initrd already has /$p; overlay paths would clash"
    done
    [ -f "$bmain/init" ] && [ ! -L "$bmain/init" ] && [ "$(stat -c %h "$bmain/init")" = 1 ] ||
        die "base /init is not a plain file; refusing to overwrite it"
    if [ "${VM_FULL_BASE:-0}" = 1 ]; then
        cp "$base" "$base_cpio.tmp"
        truncate -s %512 "$base_cpio.tmp"
        mv "$base_cpio.tmp" "$base_cpio"
    else
        rm -rf "$bmain/usr/lib/modules"
        make_cpio "$bmain" "$base_cpio"
    fi
    rm -rf "$tmp"; tmp=
    find "$cache" -maxdepth 1 -name 'base-*.cpio' ! -name "base-$base_key.cpio" -delete
fi

# --- tools overlay ----------------------------------------------------------------
tools_cpio=$cache/tools-$tools_key.cpio
if [ ! -f "$tools_cpio" ]; then
    tmp=$(mktemp -d "$cache/stage.XXXXXX")
    o=$tmp/tools
    mkdir -p "$o/usr/local/bin" "$o/usr/local/libexec"
    for i in "${!tools[@]}"; do
        cp -L "${tool_paths[$i]}" "$o/usr/local/bin/${tools[$i]}"
    done
    for l in "${links[@]}"; do ln -s "${l#*:}" "$o/usr/local/bin/${l%%:*}"; done
    stage_libs "$o" $tool_libs
    # iconv modules for mkfs.fat's DOS code pages (GCONV_PATH in /init)
    gconv=$(dirname "$(realpath /lib/x86_64-linux-gnu/libc.so.6)")/gconv
    if [ -d "$gconv" ]; then
        mkdir -p "$o/usr/local/lib/gconv/gconv-modules.d"
        cp "$gconv"/gconv-modules "$o/usr/local/lib/gconv/" 2>/dev/null || true
        cp "$gconv"/gconv-modules.d/*.conf "$o/usr/local/lib/gconv/gconv-modules.d/" 2>/dev/null || true
        cp "$gconv"/IBM437.so "$gconv"/IBM850.so "$o/usr/local/lib/gconv/" 2>/dev/null || true
    fi

    # Modules in their usual tree below /usr/local/modules, uncompressed (the
    # VM's kmod then needs no decompressor), indexed by depmod.
    mroot=$o/usr/local/modules
    mdir=$mroot/lib/modules/$kver
    for f in $mod_files; do
        rel=${f#*/lib/modules/$kver/}
        mkdir -p "$mdir/$(dirname "$rel")"
        case "$rel" in
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
    depmod -b "$mroot" "$kver" || die "depmod failed"
    printf '%s\n' "${modules_eager[@]}" > "$mroot/eager"
    # modprobe as the kernel's module loader: kmod, told where our tree is
    ln -s ../bin/kmod "$o/usr/local/libexec/modprobe"
    cat > "$o/usr/local/bin/modprobe" <<'EOF'
#!/bin/sh
# kmod's modprobe on the VM's own module tree (also the kernel's module loader)
LD_LIBRARY_PATH=/usr/local/lib exec /usr/local/libexec/modprobe -d /usr/local/modules "$@"
EOF
    chmod 0755 "$o/usr/local/bin/modprobe"

    install -m 0755 "$here/init.sh" "$o/init"
    install -m 0755 "$here/vm-power-loss.sh" "$o/usr/local/bin/vm-power-loss"
    echo "$kver" > "$o/usr/local/kernel-version"
    make_cpio "$o" "$tools_cpio"
    rm -rf "$tmp"; tmp=
    # keep the cache small: drop other tools overlays
    find "$cache" -maxdepth 1 -name 'tools-*.cpio' ! -name "tools-$tools_key.cpio" -delete
fi

# --- extras overlay -----------------------------------------------------------------
extras_cpio=
if [ "$extras_key" != none ]; then
    extras_cpio=$cache/extras-$extras_key.cpio
    if [ ! -f "$extras_cpio" ]; then
        tmp=$(mktemp -d "$cache/stage.XXXXXX")
        mkdir -p "$tmp/usr/local/bin"
        for b in "${extras[@]}"; do
            n=$(basename "$b")
            [ ! -e "$tmp/usr/local/bin/$n" ] || die "two extra binaries named $n"
            cp -L "$b" "$tmp/usr/local/bin/$n"
            chmod 0755 "$tmp/usr/local/bin/$n"
        done
        stage_libs "$tmp" $extra_libs
        make_cpio "$tmp" "$extras_cpio"
        rm -rf "$tmp"; tmp=
        # keep the newest few extras overlays
        ls -1t "$cache"/extras-*.cpio 2>/dev/null | tail -n +4 | xargs -r rm -f
    fi
fi

# --- kernel to boot -------------------------------------------------------------
# qemu boots an uncompressed ELF vmlinux through its PVH entry point directly,
# skipping the BIOS, real-mode setup and the in-guest XZ decompression of the
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

# --- the initrd: base first, then overlays (later archives win) -------------------
key="$base_key $tools_key $extras_key"
if [ ! -f "$out" ] || [ "$(cat "$out.key" 2>/dev/null)" != "$key" ]; then
    cat "$base_cpio" "$tools_cpio" ${extras_cpio:+"$extras_cpio"} > "$out.tmp"
    mv "$out.tmp" "$out"
    echo "$key" > "$out.key"
fi
echo "$boot_kernel"
