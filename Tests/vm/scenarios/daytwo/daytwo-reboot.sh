#!/bin/bash
# Rescue-VM scenario (DayTwoTests, DayTwoExtendedTests, third boot): what assembled, the
# kernel's partitions, whether the last guest's Xen path exists, and the plan the second
# boot applied (/input/plan.yaml) again.
# Results: mdstat, partitions, guests.txt, path (.status), plan (.txt, .status).
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
udevadm settle
cat /proc/mdstat > "$RESULTS/mdstat"
cat /proc/partitions > "$RESULTS/partitions"
diskplan guests /input/plan.yaml --xen > "$RESULTS/guests.txt" 2>&1
path=$(grep -o "phy:[^,]*" "$RESULTS/guests.txt" | tail -1 | cut -c5-)
echo "$path" > "$RESULTS/path"
test -b "$path"; echo $? > "$RESULTS/path.status"
step plan diskplan plan /input/plan.yaml
