import Apply
import ArgumentParser

/// The root command; `Entry` runs it (see ExitContract.swift for the exit status).
struct DiskPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diskplan",
        abstract: "Plan and apply mirrored software-RAID disk layouts for VM hosts.",
        // One line per paragraph: ArgumentParser wraps them to the terminal's width.
        discussion: """
            The first day: probe shows what is on the disks and writes nothing; plan reads a plan \
            file and prints every action it would take (a dry run); apply runs exactly those actions. \
            Later: status shows the health of the plan's arrays and how the disks drifted from the \
            plan; import writes a plan that describes what the disks hold; add-guest appends a guest \
            to a plan and guests prints each guest's disk for the hypervisor; replace-disk puts a new \
            disk in the place of a failed one; convert-installimage turns an installimage config into \
            a plan file; chroot runs a shell or a command in the installed host, from the rescue system; \
            save-guest copies a guest's array into an image file or a pipe, restore-guest writes it back.

            Exit status of plan: 0 no changes, 2 changes pending, 1 error.
            Exit status of status: 0 healthy as planned, 2 degraded or drifted, 1 error.
            Every command exits 0, 2 or 1 and nothing else; a usage error is 1.
            """,
        version: BuildInfo.version,
        subcommands: [Probe.self, Plan.self, Apply.self, Status.self, Import.self, AddGuest.self, Guests.self, ConvertInstallimage.self, ReplaceDisk.self, Chroot.self, SaveGuest.self, RestoreGuest.self]
    )
}
