import ArgumentParser

@main
struct DiskPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diskplan",
        abstract: "Plan and apply mirrored software-RAID disk layouts for VM hosts.",
        discussion: """
            probe  shows what is on the disks (libparted + libblkid), writing nothing.
            plan   reads a plan file and prints every action it would take (a dry run).
            apply  runs exactly those actions.
            replace-disk  puts a new disk in the place of a failed one, from the plan.
            Exit status of plan: 0 no changes, 2 changes pending, 1 error.
            """,
        subcommands: [Probe.self, Plan.self, Apply.self, ReplaceDisk.self]
    )
}
