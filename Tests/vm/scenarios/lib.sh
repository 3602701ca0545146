#!/bin/bash
# Helpers the rescue-VM scenarios share. run-vm.sh puts this file at /scenarios/lib.sh in
# the VM; a scenario sources it with
#   # shellcheck source-path=SCRIPTDIR source=lib.sh
#   . /scenarios/lib.sh
# Parameters come from the environment (run-vm.sh --env, VM.run(environment:)).

# step NAME COMMAND...: runs COMMAND, its stdout and stderr into $RESULTS/NAME.txt and its
# exit status into $RESULTS/NAME.status.
step() {
    local name=$1
    shift
    "$@" > "$RESULTS/$name.txt" 2>&1
    echo $? > "$RESULTS/$name.status"
}

# resync_limits MIN MAX: md's resync and recovery speed, KB/s.
resync_limits() {
    echo "$1" > /proc/sys/dev/raid/speed_limit_min
    echo "$2" > /proc/sys/dev/raid/speed_limit_max
}

# cap_resync: resync capped at 20 MB/s. Under emulation an uncapped resync copies every
# array in full and starves the scenario of CPU; not lower than this: raid1 makes I/O in the
# region being resynced wait for the resync window, so a trickle would stall mkfs and the
# probe. ([UU] shows as soon as an array exists.)
cap_resync() { resync_limits 1000 20000; }

# disk_args NAME...: "--disk /dev/NAME" for each, into the array disk_args.
disk_args() {
    disk_args=()
    local d
    for d in "$@"; do disk_args+=(--disk "/dev/$d"); done
}

# array_evidence: /proc/mdstat, and each running array's mdadm --detail (detail-mdN),
# --detail --export (export-mdN) and blkid (blkid-mdN) below $RESULTS.
array_evidence() {
    cat /proc/mdstat > "$RESULTS/mdstat"
    local md n
    for md in /dev/md[0-9]*; do
        [ -b "$md" ] || continue
        n=${md#/dev/}
        mdadm --detail "$md" > "$RESULTS/detail-$n" 2>&1
        mdadm --detail --export "$md" > "$RESULTS/export-$n" 2>&1
        blkid -p -o export "$md" > "$RESULTS/blkid-$n" 2>&1
    done
}

# converge PLAN DISK_ARG...: plans, applies (mdadm.conf into $RESULTS) and plans and applies
# again, with the resync capped; leaves plan, apply, plan-again and apply-again (.txt,
# .status), mdadm.conf and array_evidence's files, which ApplyScenarioTests' checks read.
converge() {
    local plan=$1
    shift
    cap_resync
    step plan diskplan plan "$plan" "$@"
    step apply diskplan apply "$plan" "$@" --yes --mdadm-conf "$RESULTS/mdadm.conf"
    cat "$RESULTS/apply.txt"
    array_evidence
    step plan-again diskplan plan "$plan" "$@"
    step apply-again diskplan apply "$plan" "$@" --yes
}

# apply_plan DISK...: converge /input/plan.yaml on /dev/DISK..., then each disk's table
# (sfdisk-DISK.json) and the first disk's logical block size (lbs).
apply_plan() {
    disk_args "$@"
    converge /input/plan.yaml "${disk_args[@]}"
    local d
    for d in "$@"; do sfdisk --json "/dev/$d" > "$RESULTS/sfdisk-$d.json"; done
    cat "/sys/block/$1/queue/logical_block_size" > "$RESULTS/lbs"
}

# powercut_setup: the resync capped, and powercut.so's directory and journal
# (Tests/vm/powercut.c) exported for an apply run with LD_PRELOAD=/input/powercut.so.
powercut_setup() {
    cap_resync
    mkdir -p /run/powercut
    : > "$RESULTS/journal"
    export POWERCUT_DIR=/run/powercut POWERCUT_JOURNAL="$RESULTS/journal"
}

# status_all_forms PLAN DISK_ARG...: diskplan status as text (status), --json (status-json;
# the document in status.json) and --prometheus (status-prom; the text in status.prom).
status_all_forms() {
    local plan=$1
    shift
    diskplan status "$plan" "$@" > "$RESULTS/status.txt" 2>&1; echo $? > "$RESULTS/status.status"
    diskplan status "$plan" "$@" --json > "$RESULTS/status.json" 2> "$RESULTS/status-json.err"; echo $? > "$RESULTS/status-json.status"
    diskplan status "$plan" "$@" --prometheus > "$RESULTS/status.prom" 2>&1; echo $? > "$RESULTS/status-prom.status"
    cat "$RESULTS/status.txt"
}

# alert_program: /usr/local/sbin/md-alert, a program for mdadm's monitor (a plan's
# alerts: {program: ...}) that appends its arguments to /run/md-alert.log; and an
# /etc/mdadm/mdadm.conf to write alerts into if the system has none.
alert_program() {
    [ -f /etc/mdadm/mdadm.conf ] || { mkdir -p /etc/mdadm; echo "MAILADDR root" > /etc/mdadm/mdadm.conf; }
    printf '#!/bin/sh\necho "$@" >> /run/md-alert.log\n' > /usr/local/sbin/md-alert
    chmod +x /usr/local/sbin/md-alert
}

# fail_disk NAME: every member on /dev/NAME failed and removed from its array (md lets a
# failed member go once the array has handled the failure: a resync stops first, so the
# removal is retried for up to a minute); what mdadm says goes to $RESULTS/fail.txt.
fail_disk() {
    local md m
    for md in /dev/md[0-9]*; do
        [ -b "$md" ] || continue
        for m in $(mdadm --detail "$md" | awk -v d="/dev/$1" 'index($NF, d) == 1 {print $NF}'); do
            mdadm "$md" --fail "$m" >> "$RESULTS/fail.txt" 2>&1
            for _ in $(seq 1 60); do
                mdadm "$md" --remove "$m" >> "$RESULTS/fail.txt" 2>&1 && break
                sleep 1
            done
        done
    done
}
