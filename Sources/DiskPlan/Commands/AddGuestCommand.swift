import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct AddGuest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-guest",
            abstract: "Append a guest to a plan file (keeping its comments), then print the dry run of the change.",
            discussion: """
                The name and md number must be free in the plan and on the machine, and the size must fit \
                in the free space common to all disks; else nothing is written. Exit status as `plan`: \
                2 changes pending (the new guest), 1 error.
                """)

        @Argument(help: "The plan file to edit.", completion: Completion.plan)
        var plan: String

        @Argument(help: "The guest's name (letters, digits, '-', '_', '.').")
        var name: String

        @Argument(help: "The guest array's usable size, e.g. 10G.")
        var size: String

        @Option(parsing: .unconditional, help: "N of /dev/mdN (default: the next number after the plan's last entry).")
        var md: Int?

        @Option(help: "RAID level (default: the plan's).")
        var level: String?

        @Option(help: "The set of disks it goes on, when the plan names sets (default: the first set).")
        var on: String?

        @OptionGroup var diskOptions: DiskOptions
        var disks: [String] { diskOptions.disks }

        func run() throws {
            let file = try PlanFile.read(plan)
            let added = try GuestAdd.plan(file, guest: .init(name: name, size: size, md: md, level: level, on: on), disks: disks)
            try added.write()
            writeOut("Added guest '\(name)' to \(plan).\n\n")
            writeHuman(added.result, planFile: plan)
            if added.result.hasChanges { throw ExitCode(2) }
        }
    }
}
