import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the health of every array of a plan and how the disks drifted from it. Writes nothing.",
            discussion: """
                For each array: running or not, clean, resyncing, recovering or degraded, every member and \
                md's mismatch count. Drift: arrays or partitions missing, arrays and partitions the plan does \
                not describe, sizes that differ. Exit status: 0 healthy and as planned, 2 degraded or drifted, 1 error.
                """)

        @Argument(help: "The plan file (YAML).", completion: Completion.plan)
        var plan: String

        @OptionGroup var diskOptions: DiskOptions
        var disks: [String] { diskOptions.disks }

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        @Flag(help: "Print the Prometheus text format (for node_exporter's textfile collector).")
        var prometheus = false

        @Flag(help: "While an array resyncs or recovers, show its progress until every sync has ended; then the status.")
        var watch = false

        // Unconditional: `--interval -1` is a value to refuse, not a missing one followed by an option.
        @Option(parsing: .unconditional, help: "Seconds between two looks with --watch (at least 0.1).")
        var interval: Double = 2

        func validate() throws {
            if json && prometheus { throw ValidationError("--json and --prometheus exclude each other") }
            if watch && (json || prometheus) { throw ValidationError("--watch shows progress for a reader; it does not combine with --json or --prometheus") }
            if interval < 0.1 { throw ValidationError("--interval must be at least 0.1 seconds") }
        }

        func run() throws {
            let status = StatusRun(try PlanFile.read(plan), disks: disks)
            let machine = status.machine()
            var report = try status.check(machine)
            if watch, report.syncing {
                report = try status.follow(machine, report, interval: interval, terminal: Terminal.stdoutIsTerminal, write: writeOut)
                writeOut("\n")
            }
            if json {
                writeOut(try Layout.Status.json(report))
            } else if prometheus {
                writeOut(Layout.Status.prometheus(report))
            } else {
                writeOut(Layout.Status.human(report))
            }
            if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
        }
    }
}
