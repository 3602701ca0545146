#!/usr/bin/env python3
"""The in-process libblkid floor: what diskplan's probe asks of libblkid, in one
process, with nothing else (no libparted, no planning, no output).

For each image: one probe over the whole image reads the partition table and
the whole-image superblocks; then one probe per partition, over exactly that
partition's bytes, reads its superblocks, with the same superblock flags as
Sources/Apply/C/Blkid.swift. Used by bench/run as an informational floor; it
includes the start-up of python3 and ctypes.

With BLKID_FLOOR_MALLOPT=1 it first sets glibc's mmap and trim thresholds
(mallopt), to show what those cost libblkid's 256 KiB buffer churn.
"""
import ctypes
import os
import sys

SUBLKS = (1 << 1) | (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9)

blkid = ctypes.CDLL("libblkid.so.1")
vp, i64 = ctypes.c_void_p, ctypes.c_int64
blkid.blkid_new_probe.restype = vp
blkid.blkid_probe_set_device.argtypes = [vp, ctypes.c_int, i64, i64]
blkid.blkid_probe_enable_partitions.argtypes = [vp, ctypes.c_int]
blkid.blkid_probe_enable_superblocks.argtypes = [vp, ctypes.c_int]
blkid.blkid_probe_set_superblocks_flags.argtypes = [vp, ctypes.c_int]
blkid.blkid_do_safeprobe.argtypes = [vp]
blkid.blkid_free_probe.argtypes = [vp]
blkid.blkid_probe_get_partitions.argtypes = [vp]
blkid.blkid_probe_get_partitions.restype = vp
blkid.blkid_partlist_numof_partitions.argtypes = [vp]
blkid.blkid_partlist_get_partition.argtypes = [vp, ctypes.c_int]
blkid.blkid_partlist_get_partition.restype = vp
blkid.blkid_partition_get_start.argtypes = [vp]
blkid.blkid_partition_get_start.restype = i64
blkid.blkid_partition_get_size.argtypes = [vp]
blkid.blkid_partition_get_size.restype = i64

if os.environ.get("BLKID_FLOOR_MALLOPT") == "1":
    libc = ctypes.CDLL("libc.so.6")
    libc.mallopt(-3, 4 << 20)    # M_MMAP_THRESHOLD
    libc.mallopt(-1, 16 << 20)   # M_TRIM_THRESHOLD


def superblocks(probe):
    blkid.blkid_probe_enable_partitions(probe, 0)
    blkid.blkid_probe_enable_superblocks(probe, 1)
    blkid.blkid_probe_set_superblocks_flags(probe, SUBLKS)
    return blkid.blkid_do_safeprobe(probe)


probed = found = 0
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    probe = blkid.blkid_new_probe()
    blkid.blkid_probe_set_device(probe, fd, 0, 0)
    blkid.blkid_probe_enable_superblocks(probe, 0)
    blkid.blkid_probe_enable_partitions(probe, 1)
    parts = []
    plist = blkid.blkid_probe_get_partitions(probe)
    if plist:
        for k in range(blkid.blkid_partlist_numof_partitions(plist)):
            p = blkid.blkid_partlist_get_partition(plist, k)
            parts.append((blkid.blkid_partition_get_start(p) * 512, blkid.blkid_partition_get_size(p) * 512))
    superblocks(probe)
    blkid.blkid_free_probe(probe)
    for offset, size in parts:
        probe = blkid.blkid_new_probe()
        blkid.blkid_probe_set_device(probe, fd, offset, size)
        if superblocks(probe) == 0:
            found += 1
        blkid.blkid_free_probe(probe)
    probed += len(parts)
    os.close(fd)
print(f"{len(sys.argv) - 1} images, {probed} partitions probed, {found} with a signature")
