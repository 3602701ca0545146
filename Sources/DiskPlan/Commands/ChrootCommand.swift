import Apply
import ArgumentParser
import Layout
import Workflow

extension DiskPlanCommand {
    struct Chroot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chroot",
            abstract: "From the rescue system, run a shell or COMMAND in the installed host.",
            discussion: """
                Starts the plan's host arrays if they are stopped, mounts the host's file systems in mount order \
                under /run/diskplan/host with /dev, /dev/pts, /proc and /sys (and efivars) bound, runs COMMAND \
                there (the host's shell without one), and unmounts all of it afterwards, also when COMMAND fails. \
                Exit status: 0 when COMMAND succeeded, 1 otherwise.
                Example: diskplan chroot PLAN -- passwd root
                """)

        @Argument(help: "The plan file (YAML).", completion: Completion.plan)
        var plan: String

        @OptionGroup var diskOptions: DiskOptions
        var disks: [String] { diskOptions.disks }

        @Argument(parsing: .postTerminator, help: "The command to run in the host, after --.")
        var command: [String] = []

        func run() throws {
            try withRunLock {
                let prepared = try ChrootRun.prepare(try PlanFile.read(plan), disks: disks)
                try ChrootRun.run(prepared, command: command)
            }
        }
    }
}
