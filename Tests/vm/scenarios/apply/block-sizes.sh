#!/bin/bash
# Rescue-VM scenario (SmokeTests): prints "DISK LOGICAL PHYSICAL" block sizes of /dev/vda
# and /dev/vdb as the kernel sees them.
for d in vda vdb; do
    echo "$d $(cat "/sys/block/$d/queue/logical_block_size") $(cat "/sys/block/$d/queue/physical_block_size")"
done
