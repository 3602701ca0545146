#!/bin/bash
# Rescue-VM scenario (ApplyScenarioTests and others): /input/plan.yaml applied to blank disks,
# planned and applied again (lib.sh: apply_plan).
# Parameters: DISKS, the disks by kernel name ("vda vdb").
# Results: plan, apply, plan-again, apply-again (.txt, .status), mdadm.conf, mdstat,
# detail-/export-/blkid-mdN, sfdisk-DISK.json, lbs.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
read -ra disks <<< "${DISKS:?}"
apply_plan "${disks[@]}"
