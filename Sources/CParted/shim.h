#ifndef DISKPLAN_CPARTED_SHIM_H
#define DISKPLAN_CPARTED_SHIM_H
#include <parted/parted.h>
#include <blkid/blkid.h>
#endif
