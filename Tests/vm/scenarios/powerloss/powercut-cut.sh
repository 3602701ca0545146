#!/bin/bash
# Rescue-VM scenario (PowerLossTests, the cut): powercut-calibrate.sh's apply with the cut
# armed; when it hits, what runs is noted and the power goes (vm-power-loss).
# Parameters: POINT, where to cut ("w:N" before block write N, "j:N" after journal record N);
# DROP, block writes that vanish ("A-B", or empty).
# Results: apply.txt, journal, hit, before-export-/before-blkid-mdN, before-mdstat.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
: "${POINT:?}"
powercut_setup
POWERCUT_AT=$POINT POWERCUT_DROP=${DROP:-} LD_PRELOAD=/input/powercut.so \
    diskplan apply /input/plan.yaml --disk /dev/vda --disk /dev/vdb --yes --journal "$RESULTS/journal" > "$RESULTS/apply.txt" 2>&1 &
pid=$!
while [ ! -e /run/powercut/hit ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
if [ ! -e /run/powercut/hit ]; then wait $pid; echo "apply ended (exit $?) before the cut at $POINT"; cat "$RESULTS/apply.txt"; exit 3; fi
cp /run/powercut/hit "$RESULTS/hit"
for md in /dev/md[0-9]*; do
    [ -b "$md" ] || continue
    n=${md#/dev/}
    timeout 10 mdadm --detail --export "$md" > "$RESULTS/before-export-$n" 2>&1
    timeout 10 blkid -p -o export "$md" > "$RESULTS/before-blkid-$n" 2>&1
done
cat /proc/mdstat > "$RESULTS/before-mdstat"
vm-power-loss 0
