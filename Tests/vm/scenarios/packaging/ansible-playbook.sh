#!/bin/bash
# Rescue-VM scenario (AnsibleVMTests, the image with ansible-core): the example playbook
# (ansible/examples/playbook.yml) of the checkout in /input/checkout.tar against this system
# (/input/inventory.ini), once per step: check mode, apply, the same apply again, and a
# guest that does not fit (/input/xen-small.yaml, /input/xen-too-big.yaml). The package
# /input/diskplan_*_amd64.deb lies where the playbook looks for it.
# Results per STEP: log, status, the module's saved result (STEP/HOST.json), and what the
# kernel and the disks say (mdstat, sfdisk-DISK, size-/export-/blkid-mdN); ansible-version.txt,
# apply/mdadm.conf.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
cap_resync
ansible-playbook --version > "$RESULTS/ansible-version.txt" 2>&1
# The controller's checkout (here on the rescue system itself): the collection, the
# plans, and the package scripts/release made, where the playbook looks for it.
mkdir -p /root/diskplan/out/release /root/collections/ansible_collections/diskplan
tar -C /root/diskplan -xf /input/checkout.tar
cp /input/diskplan_*_amd64.deb /root/diskplan/out/release/
ln -s /root/diskplan/ansible /root/collections/ansible_collections/diskplan/diskplan
# Pipelining (as over SSH with it on): each module runs through python3 on stdin, without a temporary file.
export ANSIBLE_COLLECTIONS_PATH=/root/collections ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_PIPELINING=1
cd /root/diskplan/ansible/examples || exit 3
evidence() { # DIR
    cat /proc/mdstat > "$1/mdstat"
    local d md n
    for d in vda vdb; do sfdisk --dump "/dev/$d" > "$1/sfdisk-$d" 2>&1; done
    for md in /dev/md[0-9]*; do
        [ -b "$md" ] || continue
        n=${md#/dev/}
        blockdev --getsize64 "$md" > "$1/size-$n"
        mdadm --detail --export "$md" > "$1/export-$n" 2>&1
        blkid -p -o export "$md" > "$1/blkid-$n" 2>&1 || true   # exit 2: no signature (a raw guest)
    done
}
play() { # STEP ANSIBLE-PLAYBOOK-ARGUMENT...
    mkdir -p "$RESULTS/$1"
    local start
    start=$(date +%s)
    ansible-playbook -i /input/inventory.ini playbook.yml -e diskplan_report_dir="$RESULTS/$1" "${@:2}" > "$RESULTS/$1/log" 2>&1
    echo $? > "$RESULTS/$1/status"
    echo "$1: exit $(cat "$RESULTS/$1/status") after $(( $(date +%s) - start )) s: $(grep -A1 'PLAY RECAP' "$RESULTS/$1/log" | tail -n 1)"
    evidence "$RESULTS/$1"
}
play check -e diskplan_plan_file=/input/xen-small.yaml --check --diff
play apply -e diskplan_plan_file=/input/xen-small.yaml
cp /root/mdadm.conf "$RESULTS/apply/mdadm.conf"
play again -e diskplan_plan_file=/input/xen-small.yaml
play too-big -e diskplan_plan_file=/input/xen-too-big.yaml
