import Apply
import ArgumentParser

/// The root command; `Entry` runs it (see ExitContract.swift for the exit status).
struct DiskPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diskplan",
        abstract: "Plan and apply mirrored software-RAID disk layouts for VM hosts.",
        discussion: """
            probe  shows what is on the disks (libparted + libblkid), writing nothing.
            plan   reads a plan file and prints every action it would take (a dry run).
            apply  runs exactly those actions.
            status shows the health of the plan's arrays and how the disks drifted from the plan.
            import writes a plan that describes what the disks hold; add-guest appends a guest to a plan;
            guests prints each guest's disk for the hypervisor.
            convert-installimage  turns an installimage config into a plan file.
            replace-disk  puts a new disk in the place of a failed one, from the plan.
            Exit status of plan: 0 no changes, 2 changes pending, 1 error.
            Exit status of status: 0 healthy and as planned, 2 degraded or drifted, 1 error.
            """,
        version: BuildInfo.version,
        subcommands: [Probe.self, Plan.self, Apply.self, Status.self, Import.self, AddGuest.self, Guests.self, ConvertInstallimage.self, ReplaceDisk.self]
    )
}
