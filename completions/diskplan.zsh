#compdef diskplan

__diskplan_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__diskplan_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __diskplan_complete "${completions[@]:0:-1}"
    fi
}

__diskplan_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_diskplan() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'probe:Show disks, partition tables, free space and signatures. Writes nothing.'
            'plan:Probe the disks, plan the layout and print every action (dry run).'
            'apply:Run a plan'\''s actions: partition tables by libparted, arrays by mdadm, swap and file systems.'
            'status:Show the health of every array of a plan and how the disks drifted from it. Writes nothing.'
            'import:Write a plan file that describes what the disks hold (arrays, their members, format, mounts).'
            'add-guest:Append a guest to a plan file (keeping its comments), then print the dry run of the change.'
            'guests:Print each guest'\''s disk for the hypervisor, by a path that survives md renumbering.'
            'convert-installimage:Turn an installimage config (DRIVE, SWRAID, SWRAIDLEVEL, PART) into a plan file.'
            'replace-disk:Put a new disk in the place of a failed one: its table from the plan, its members added to every array.'
            'chroot:From the rescue system, run a shell or COMMAND in the installed host.'
            'save-guest:Copy a guest'\''s array, byte for byte, into a sparse image file or to standard output.'
            'restore-guest:Write a guest saved by save-guest into a guest'\''s array.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        probe|plan|apply|status|import|add-guest|guests|convert-installimage|replace-disk|chroot|save-guest|restore-guest|help)
            "_diskplan_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_diskplan_probe() {
    local -i ret=1
    local -ar arg_specs=(
        '*:devices:{__diskplan_custom_complete ---completion probe -- positional@0 "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--json[Print one JSON object instead of text.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_plan() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml *.json'\'''
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion plan -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '*--wipe[Allow destroying what is on DISK (its partition table and signatures). Repeat per disk.]:wipe:{__diskplan_custom_complete ---completion plan -- --wipe "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--inventory[Plan against this saved `probe --json` output instead of probing (nothing is read from the disks).]:inventory:'
        '--degraded[With a disk of the plan absent or failed\: create the arrays without it (mdadm'\''s `missing` in its slot), to add it later.]'
        '--reinstall-host[From the rescue system\: make the host'\''s file systems anew and install the plan'\''s image again; every guest array, its partitions and its superblock stay as they are.]'
        '--json[Print one JSON object instead of text.]'
        '--out[Save the plan with a fingerprint of every disk, for `apply FILE`.]:out:'
        '--quiet[Print nothing but errors\: the exit status tells whether changes are pending.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_apply() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml *.json'\'''
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion apply -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '*--wipe[Allow destroying what is on DISK (its partition table and signatures). Repeat per disk.]:wipe:{__diskplan_custom_complete ---completion apply -- --wipe "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--inventory[Plan against this saved `probe --json` output instead of probing (nothing is read from the disks).]:inventory:'
        '--degraded[With a disk of the plan absent or failed\: create the arrays without it (mdadm'\''s `missing` in its slot), to add it later.]'
        '--reinstall-host[From the rescue system\: make the host'\''s file systems anew and install the plan'\''s image again; every guest array, its partitions and its superblock stay as they are.]'
        '--yes[Do not ask for confirmation.]'
        '--mdadm-conf[Write mdadm.conf (ARRAY lines with UUIDs and names) to this path.]:mdadm-conf:'
        '--system-mdadm-conf[The system'\''s mdadm.conf that a live apply updates in place (default\: /etc/mdadm/mdadm.conf or /etc/mdadm.conf, if there). Not with --mdadm-conf.]:system-mdadm-conf:'
        '--journal[Append a line per action and state to this file.]:journal:'
        '--json[Print JSON Lines instead of text\: one object as each action starts, finishes or fails, then the final report. Needs --yes.]'
        '--quiet[Print nothing but errors. Needs --yes.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_status() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion status -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--json[Print one JSON object instead of text.]'
        '--prometheus[Print the Prometheus text format (for node_exporter'\''s textfile collector).]'
        '--watch[While an array resyncs or recovers, show its progress until every sync has ended; then the status.]'
        '--interval[Seconds between two looks with --watch (at least 0.1).]:interval:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_import() {
    local -i ret=1
    local -ar arg_specs=(
        '*:disks:{__diskplan_custom_complete ---completion import -- positional@0 "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--host[The plan'\''s host (default\: the host part of the arrays'\'' names, else this machine'\''s name).]:host:'
        '--out[Write the plan to this file instead of standard output.]:out:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_add-guest() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        ':name:'
        ':size:'
        '--md[N of /dev/mdN (default\: the next number after the plan'\''s last entry).]:md:'
        '--level[RAID level (default\: the plan'\''s).]:level:'
        '--on[The set of disks it goes on, when the plan names sets (default\: the first set).]:on:'
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion add-guest -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_guests() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        '--xen[Xen `disk = \['\''phy\:PATH,xvda,w'\''\]` lines (the default).]'
        '--libvirt[libvirt `<disk type='\''block'\''>` elements.]'
        '--json[A JSON list of name, md, path, size.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_convert-installimage() {
    local -i ret=1
    local -ar arg_specs=(
        ':file:_files'
        '--host[Host name for the arrays (default\: the config'\''s HOSTNAME up to its first dot).]:host:'
        '--out[Write the plan to this file instead of standard output.]:out:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_replace-disk() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        '--new[The new, blank disk.]:new:{__diskplan_custom_complete ---completion replace-disk -- --new "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--failed[The plan'\''s disk the new one replaces (default\: --new, when the new disk took the failed one'\''s name).]:failed:{__diskplan_custom_complete ---completion replace-disk -- --failed "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion replace-disk -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--wipe[Allow destroying what the new disk holds (an old table, signatures).]'
        '--dry-run[Print the dry run and stop.]'
        '--yes[Do not ask for confirmation.]'
        '--install-bootloader[Install GRUB on the new disk (BIOS) even where the host shows no GRUB of its own. By default it is installed when the plan installs the host (image\:) or a healthy disk carries GRUB.]'
        '--no-bootloader[Do not install GRUB on the new disk (only show the command), nor add its UEFI boot entry.]'
        '--mdadm-conf[Write mdadm.conf (ARRAY lines with UUIDs and names) to this path afterwards.]:mdadm-conf:'
        '--watch[Follow md'\''s rebuild of every array until it is done\: a progress bar per array with the time left (plain lines when not on a terminal).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_chroot() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion chroot -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '*:command:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_save-guest() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        ':name:'
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion save-guest -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--to[The image file to write (it must not exist), or - for standard output.]:to:'
        '--allow-open[Copy although a process has the array open for writing (pause the guest first\: xl pause, virsh suspend).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_restore-guest() {
    local -i ret=1
    local -ar arg_specs=(
        ':plan:_files -g '\''*.yaml *.yml'\'''
        ':name:'
        '*--disk[Use this disk instead of the plan'\''s, in order; repeat once per disk (block device or image file).]:disk:{__diskplan_custom_complete ---completion restore-guest -- --disk "${current_word_index}" "$(__diskplan_cursor_index_in_current_word)"}'
        '--from[The image file save-guest wrote (its record beside it), or - for a stream on standard input.]:from:'
        '--overwrite[Write over an array that holds data (never over one in use).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_diskplan_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _diskplan ]]; then
    _diskplan "${@}"
else
    compdef _diskplan diskplan
fi
