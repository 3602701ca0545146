#!/bin/bash
# Rescue-VM scenario: the power fails while apply installs the host.
# Inputs: /input/plan.yaml (as install-host.sh). Parameters: CUT, the step and device to cut
# inside, as the journal names them: "extract_image /dev/md2", "install_bootloader /dev/vdb".
# The cut comes once the journal says the step runs (for the extract, 3 s into it), as a
# reset without sync; $RESULTS/cut says whether it landed inside the step.
set -u
read -r step device <<< "${CUT:?}"
echo 1000 > /proc/sys/dev/raid/speed_limit_min
echo 20000 > /proc/sys/dev/raid/speed_limit_max
: > "$RESULTS/journal"
diskplan apply /input/plan.yaml --yes --journal "$RESULTS/journal" > "$RESULTS/apply.txt" 2>&1 &
pid=$!
until grep -q " $step $device running$" "$RESULTS/journal"; do
    kill -0 "$pid" 2>/dev/null || { echo "apply ended before $step $device ran"; cat "$RESULTS/apply.txt"; exit 3; }
    sleep 0.05
done
[ "$step" != extract_image ] || sleep 3
if grep -q " $step $device done$" "$RESULTS/journal"; then echo late > "$RESULTS/cut"; else echo inside > "$RESULTS/cut"; fi
vm-power-loss 0
