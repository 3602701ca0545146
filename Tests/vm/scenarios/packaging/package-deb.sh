#!/bin/bash
# Rescue-VM scenario (PackageTests): installs /input/diskplan.deb with dpkg on the stock rescue
# system, collects what the package put where (version, ldd, man, bash completion), then
# converges (lib.sh) the packaged Xen example on the disks by their by-id names.
# Results: dpkg, dpkg-query, which, version, ldd, man-path, whatis, man, man-apply, man-yaml,
# completion (.txt, some .status), and those of converge.
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. /scenarios/lib.sh
if command -v diskplan; then echo "diskplan is on the rescue system before its package"; exit 3; fi
# The test bed's packages leave /usr/share/doc out (dpkg path-exclude, to save RAM);
# on a stock system the package's example plans are installed, so here they are too.
dpkg --path-include='/usr/share/doc/diskplan/*' -i /input/diskplan.deb > "$RESULTS/dpkg.txt" 2>&1
echo $? > "$RESULTS/dpkg.status"
cat "$RESULTS/dpkg.txt"
dpkg-query -W -f='${db:Status-Status} ${Version}\n' diskplan > "$RESULTS/dpkg-query.txt" 2>&1
command -v diskplan > "$RESULTS/which.txt"
diskplan --version > "$RESULTS/version.txt" 2>&1
echo "diskplan --version: $(cat "$RESULTS/version.txt")"
ldd "$(command -v diskplan)" > "$RESULTS/ldd.txt" 2>&1
man -w diskplan > "$RESULTS/man-path.txt" 2>&1
whatis diskplan > "$RESULTS/whatis.txt" 2>&1
man -P cat diskplan > "$RESULTS/man.txt" 2>&1; echo $? > "$RESULTS/man.status"
man -P cat diskplan.apply > "$RESULTS/man-apply.txt" 2>&1; echo $? > "$RESULTS/man-apply.status"
man -P cat 5 diskplan.yaml > "$RESULTS/man-yaml.txt" 2>&1; echo $? > "$RESULTS/man-yaml.status"
# Completion as bash runs it: the function `complete -p` names, with COMP_* set for a typed line.
# extglob, as bash-completion sets it: the script's file patterns need it. Its process
# substitutions need /dev/fd, which the test bed's small init does not make (udev does on a stock system).
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
completion() {
    shopt -s extglob
    # shellcheck disable=SC1091  # the package's completion script, there only once dpkg installed it
    source /usr/share/bash-completion/completions/diskplan || exit 1
    complete -p diskplan || exit 1
    local fn
    fn=$(complete -p diskplan | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
    typed() {
        COMP_LINE=$1 COMP_POINT=${#1} COMPREPLY=()
        read -ra COMP_WORDS <<< "$1"
        [[ $1 != *" " ]] || COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        "$fn" diskplan "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        echo "$1|${COMPREPLY[*]}"
    }
    typed "diskplan ap"
    typed "diskplan apply --wi"
    typed "diskplan convert-"
    typed "diskplan plan /usr/share/doc/diskplan/examples/xen-host."
    typed "diskplan plan x.yaml --disk /dev/disk/by-id/virtio-vmdisk"
}
# In a shell of its own, as a user's interactive shell would be.
(completion) > "$RESULTS/completion.txt" 2>&1
echo $? > "$RESULTS/completion.status"
for f in ldd whatis completion; do echo "--- $f"; cat "$RESULTS/$f.txt"; done
echo "--- man -P cat diskplan"; head -n 8 "$RESULTS/man.txt"; echo "---"

converge /usr/share/doc/diskplan/examples/xen-host.yaml --disk /dev/disk/by-id/virtio-vmdisk0 --disk /dev/disk/by-id/virtio-vmdisk1
echo "re-plan: exit $(cat "$RESULTS/plan-again.status"): $(tail -n 1 "$RESULTS/plan-again.txt")"
