#ifndef DISKPLAN_CPARTED_SHIM_H
#define DISKPLAN_CPARTED_SHIM_H

#include <parted/parted.h>
#include <blkid/blkid.h>
#include <malloc.h>

/* Swift drops macros that are ORs of other macros, and refuses a mutable C
 * global in Swift 6 mode. These re-exports give Swift the same values. */

/** BLKID_SUBLKS_DEFAULT: LABEL | UUID | TYPE | SECTYPE. */
static const int diskplan_BLKID_SUBLKS_DEFAULT = BLKID_SUBLKS_DEFAULT;

/** The first and the last value of enum _PedPartitionFlag. */
static const PedPartitionFlag diskplan_PED_PARTITION_FIRST_FLAG = PED_PARTITION_FIRST_FLAG;
static const PedPartitionFlag diskplan_PED_PARTITION_LAST_FLAG = PED_PARTITION_LAST_FLAG;

/** Reads libparted's `extern int ped_exception` (true while an exception is pending). */
static inline int diskplan_ped_exception(void) { return ped_exception; }

/** libblkid allocates and frees a 256 KiB buffer for every read; with glibc's
 * defaults each free returns it to the kernel and the next read faults it in
 * again. Serving it from the heap (4 MiB mmap threshold) and keeping up to
 * 4 MiB free at the heap's top (trim threshold) makes probing many partitions
 * several times faster without holding on to more memory than that. */
static inline void diskplan_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
}

/** The version `diskplan --version` prints. scripts/release defines
 * DISKPLAN_VERSION from `git describe` (-Xcc -DDISKPLAN_VERSION=...); a plain
 * `swift build` says that it is not a release. */
#ifndef DISKPLAN_VERSION
#define DISKPLAN_VERSION "0.0.0-dev (not built by scripts/release)"
#endif
static inline const char *diskplan_version(void) { return DISKPLAN_VERSION; }

/** Gives freed heap memory back to the kernel (after probing, before planning). */
static inline void diskplan_release_freed_memory(void) { malloc_trim(0); }

#endif
