#!/bin/bash
# Rescue-VM scenario (PowerLossTests, after the cut): apply.sh's converge on /dev/vda and
# /dev/vdb, then e2fsck -fn of every ext4 array.
# Results: those of apply.sh, and fsck-mdN (.status).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
apply_plan vda vdb
for md in /dev/md[0-9]*; do
    n=${md#/dev/}
    [ "$(blkid -p -o value -s TYPE "$md" 2>/dev/null)" = ext4 ] || continue
    e2fsck -fn "$md" > "$RESULTS/fsck-$n" 2>&1; echo $? > "$RESULTS/fsck-$n.status"
done
