function __diskplan_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __diskplan_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __diskplan_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __diskplan_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __diskplan_parse_tokens -S
    set -l unparsed_tokens (__diskplan_tokens -pc)
    switch $unparsed_tokens[1]
    case 'diskplan'
        __diskplan_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'probe'
            __diskplan_parse_subcommand -r 1 'json' 'version' 'h/help'
        case 'plan'
            __diskplan_parse_subcommand 1 'disk=+' 'wipe=+' 'inventory=' 'degraded' 'reinstall-host' 'json' 'out=' 'quiet' 'version' 'h/help'
        case 'apply'
            __diskplan_parse_subcommand 1 'disk=+' 'wipe=+' 'inventory=' 'degraded' 'reinstall-host' 'yes' 'mdadm-conf=' 'system-mdadm-conf=' 'journal=' 'json' 'quiet' 'version' 'h/help'
        case 'status'
            __diskplan_parse_subcommand 1 'disk=+' 'json' 'prometheus' 'watch' 'interval=' 'version' 'h/help'
        case 'import'
            __diskplan_parse_subcommand -r 1 'host=' 'out=' 'version' 'h/help'
        case 'add-guest'
            __diskplan_parse_subcommand 3 'md=' 'level=' 'on=' 'disk=+' 'version' 'h/help'
        case 'guests'
            __diskplan_parse_subcommand 1 'xen' 'libvirt' 'json' 'version' 'h/help'
        case 'convert-installimage'
            __diskplan_parse_subcommand 1 'host=' 'out=' 'version' 'h/help'
        case 'replace-disk'
            __diskplan_parse_subcommand 1 'new=' 'failed=' 'disk=+' 'wipe' 'dry-run' 'yes' 'install-bootloader' 'no-bootloader' 'mdadm-conf=' 'watch' 'version' 'h/help'
        case 'chroot'
            __diskplan_parse_subcommand -r 2 'disk=+' 'version' 'h/help'
        case 'save-guest'
            __diskplan_parse_subcommand 2 'disk=+' 'to=' 'allow-open' 'version' 'h/help'
        case 'restore-guest'
            __diskplan_parse_subcommand 2 'disk=+' 'from=' 'overwrite' 'version' 'h/help'
        case 'help'
            __diskplan_parse_subcommand -r 1 'version'
        end
    end
end

function __diskplan_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __diskplan_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __diskplan_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __diskplan_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__diskplan_tokens -p)
    if test -z "$(__diskplan_tokens -t)"
        set -l index (count (__diskplan_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'diskplan' -f
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'probe' -d 'Show disks, partition tables, free space and signatures. Writes nothing.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'plan' -d 'Probe the disks, plan the layout and print every action (dry run).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'apply' -d 'Run a plan\'s actions: partition tables by libparted, arrays by mdadm, swap and file systems.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'status' -d 'Show the health of every array of a plan and how the disks drifted from it. Writes nothing.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'import' -d 'Write a plan file that describes what the disks hold (arrays, their members, format, mounts).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'add-guest' -d 'Append a guest to a plan file (keeping its comments), then print the dry run of the change.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'guests' -d 'Print each guest\'s disk for the hypervisor, by a path that survives md renumbering.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'convert-installimage' -d 'Turn an installimage config (DRIVE, SWRAID, SWRAIDLEVEL, PART) into a plan file.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'replace-disk' -d 'Put a new disk in the place of a failed one: its table from the plan, its members added to every array.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'chroot' -d 'From the rescue system, run a shell or COMMAND in the installed host.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'save-guest' -d 'Copy a guest\'s array, byte for byte, into a sparse image file or to standard output.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'restore-guest' -d 'Write a guest saved by save-guest into a guest\'s array.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan probe" -ge 1' -fka '(__diskplan_custom_completion ---completion probe -- positional@0 (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan probe" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan probe" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan probe" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan plan" -eq 1' -fa '(set -l exts \'yaml\' \'yml\' \'json\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion plan -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan"' -l 'wipe' -d 'Allow destroying what is on DISK (its partition table and signatures). Repeat per disk.' -rfka '(__diskplan_custom_completion ---completion plan -- --wipe (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" inventory' -l 'inventory' -d 'Plan against this saved `probe --json` output instead of probing (nothing is read from the disks).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" degraded' -l 'degraded' -d 'With a disk of the plan absent or failed: create the arrays without it (mdadm\'s `missing` in its slot), to add it later.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" reinstall-host' -l 'reinstall-host' -d 'From the rescue system: make the host\'s file systems anew and install the plan\'s image again; every guest array, its partitions and its superblock stay as they are.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" out' -l 'out' -d 'Save the plan with a fingerprint of every disk, for `apply FILE`.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" quiet' -l 'quiet' -d 'Print nothing but errors: the exit status tells whether changes are pending.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan plan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan apply" -eq 1' -fa '(set -l exts \'yaml\' \'yml\' \'json\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion apply -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply"' -l 'wipe' -d 'Allow destroying what is on DISK (its partition table and signatures). Repeat per disk.' -rfka '(__diskplan_custom_completion ---completion apply -- --wipe (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" inventory' -l 'inventory' -d 'Plan against this saved `probe --json` output instead of probing (nothing is read from the disks).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" degraded' -l 'degraded' -d 'With a disk of the plan absent or failed: create the arrays without it (mdadm\'s `missing` in its slot), to add it later.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" reinstall-host' -l 'reinstall-host' -d 'From the rescue system: make the host\'s file systems anew and install the plan\'s image again; every guest array, its partitions and its superblock stay as they are.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" yes' -l 'yes' -d 'Do not ask for confirmation.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" mdadm-conf' -l 'mdadm-conf' -d 'Write mdadm.conf (ARRAY lines with UUIDs and names) to this path.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" system-mdadm-conf' -l 'system-mdadm-conf' -d 'The system\'s mdadm.conf that a live apply updates in place (default: /etc/mdadm/mdadm.conf or /etc/mdadm.conf, if there). Not with --mdadm-conf.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" journal' -l 'journal' -d 'Append a line per action and state to this file.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" json' -l 'json' -d 'Print JSON Lines instead of text: one object as each action starts, finishes or fails, then the final report. Needs --yes.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" quiet' -l 'quiet' -d 'Print nothing but errors. Needs --yes.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan apply" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan status" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion status -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status" json' -l 'json' -d 'Print one JSON object instead of text.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status" prometheus' -l 'prometheus' -d 'Print the Prometheus text format (for node_exporter\'s textfile collector).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status" watch' -l 'watch' -d 'While an array resyncs or recovers, show its progress until every sync has ended; then the status.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status" interval' -l 'interval' -d 'Seconds between two looks with --watch (at least 0.1).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan import" -ge 1' -fka '(__diskplan_custom_completion ---completion import -- positional@0 (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan import" host' -l 'host' -d 'The plan\'s host (default: the host part of the arrays\' names, else this machine\'s name).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan import" out' -l 'out' -d 'Write the plan to this file instead of standard output.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan import" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan add-guest" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan add-guest" md' -l 'md' -d 'N of /dev/mdN (default: the next number after the plan\'s last entry).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan add-guest" level' -l 'level' -d 'RAID level (default: the plan\'s).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan add-guest" on' -l 'on' -d 'The set of disks it goes on, when the plan names sets (default: the first set).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan add-guest"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion add-guest -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan add-guest" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan add-guest" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan guests" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan guests" xen' -l 'xen' -d 'Xen `disk = [\'phy:PATH,xvda,w\']` lines (the default).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan guests" libvirt' -l 'libvirt' -d 'libvirt `<disk type=\'block\'>` elements.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan guests" json' -l 'json' -d 'A JSON list of name, md, path, size.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan guests" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan guests" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan convert-installimage" -eq 1' -F
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan convert-installimage" host' -l 'host' -d 'Host name for the arrays (default: the config\'s HOSTNAME up to its first dot).' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan convert-installimage" out' -l 'out' -d 'Write the plan to this file instead of standard output.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan convert-installimage" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan convert-installimage" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan replace-disk" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" new' -l 'new' -d 'The new, blank disk.' -rfka '(__diskplan_custom_completion ---completion replace-disk -- --new (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" failed' -l 'failed' -d 'The plan\'s disk the new one replaces (default: --new, when the new disk took the failed one\'s name).' -rfka '(__diskplan_custom_completion ---completion replace-disk -- --failed (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion replace-disk -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" wipe' -l 'wipe' -d 'Allow destroying what the new disk holds (an old table, signatures).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" dry-run' -l 'dry-run' -d 'Print the dry run and stop.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" yes' -l 'yes' -d 'Do not ask for confirmation.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" install-bootloader' -l 'install-bootloader' -d 'Install GRUB on the new disk (BIOS) even where the host shows no GRUB of its own. By default it is installed when the plan installs the host (image:) or a healthy disk carries GRUB.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" no-bootloader' -l 'no-bootloader' -d 'Do not install GRUB on the new disk (only show the command), nor add its UEFI boot entry.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" mdadm-conf' -l 'mdadm-conf' -d 'Write mdadm.conf (ARRAY lines with UUIDs and names) to this path afterwards.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" watch' -l 'watch' -d 'Follow md\'s rebuild of every array until it is done: a progress bar per array with the time left (plain lines when not on a terminal).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan replace-disk" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan chroot" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan chroot"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion chroot -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan chroot" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan chroot" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan save-guest" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan save-guest"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion save-guest -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan save-guest" to' -l 'to' -d 'The image file to write (it must not exist), or - for standard output.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan save-guest" allow-open' -l 'allow-open' -d 'Copy although a process has the array open for writing (pause the guest first: xl pause, virsh suspend).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan save-guest" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan save-guest" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_positional "diskplan restore-guest" -eq 1' -fa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan restore-guest"' -l 'disk' -d 'Use this disk instead of the plan\'s, in order; repeat once per disk (block device or image file).' -rfka '(__diskplan_custom_completion ---completion restore-guest -- --disk (count (__diskplan_tokens -pc)) (__diskplan_tokens -tC))'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan restore-guest" from' -l 'from' -d 'The image file save-guest wrote (its record beside it), or - for a stream on standard input.' -rfka ''
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan restore-guest" overwrite' -l 'overwrite' -d 'Write over an array that holds data (never over one in use).'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan restore-guest" version' -l 'version' -d 'Show the version.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan restore-guest" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'diskplan' -n '__diskplan_should_offer_completions_for_flags_or_options "diskplan help" version' -l 'version' -d 'Show the version.'
