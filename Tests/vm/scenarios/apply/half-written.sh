#!/bin/bash
# Rescue-VM scenario (HalfWrittenTableVMTests): a power cut between the two disks' table
# writes, made deterministically: /dev/vda gets the partitions of PARTITIONS, /dev/vdb none;
# then apply.sh on both.
# Parameters: PARTITIONS, one NUMBER:FIRST:LAST:TYPE:NAME per partition (sectors, sgdisk's
# type code, GPT name), separated by spaces.
# Results: sgdisk (.txt, .status) and those of apply.sh.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
read -ra partitions <<< "${PARTITIONS:?}"
args=()
for p in "${partitions[@]}"; do
    IFS=: read -r n first last type name <<< "$p"
    args+=(-n "$n:$first:$last" -t "$n:$type" -c "$n:$name")
done
step sgdisk sgdisk -o "${args[@]}" /dev/vda
udevadm settle
apply_plan vda vdb
