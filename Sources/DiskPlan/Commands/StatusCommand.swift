import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Platform

extension DiskPlanCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the health of every array of a plan and how the disks drifted from it. Writes nothing.",
            discussion: """
                For each array: running or not, clean, resyncing, recovering or degraded, every member and \
                md's mismatch count. Drift: arrays or partitions missing, arrays and partitions the plan does \
                not describe, sizes that differ. Exit status: 0 healthy and as planned, 2 degraded or drifted, 1 error.
                """)

        @Argument(help: "The plan file (YAML).", completion: Completion.plan)
        var plan: String

        @Option(name: .customLong("disk"), help: "Use this disk instead of the plan's, in order; repeat once per disk.", completion: Completion.disk)
        var disks: [String] = []

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
            let planned = try readPlan(plan)
            let paths = disks.isEmpty ? planned.disks : disks
            let machine = StatusProbe.machine(disks: paths)
            var report = try check(planned, machine)
            if watch, report.syncing {
                report = try follow(planned, machine)
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

        func check(_ p: Layout.Plan, _ machine: MachineState) throws -> StatusReport {
            do {
                return try Layout.Status.report(p, planFile: plan, machine: machine, disks: disks.isEmpty ? nil : disks)
            } catch {
                var e = error
                e.file = plan
                throw fail(e.description)
            }
        }

        /// Refreshes the md states until no array syncs: bars redrawn in place
        /// on a terminal, a line per change otherwise. The disks are probed once.
        func follow(_ p: Layout.Plan, _ first: MachineState) throws -> StatusReport {
            let terminal = isatty(STDOUT_FILENO) == 1
            var machine = first
            var log = StatusWatch.PlainLog()
            var drawn = 0
            while true {
                let report = try check(p, machine)
                if terminal {
                    let lines = StatusWatch.bars(report)
                    let up = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
                    writeOut(up + lines.map { "\u{1B}[2K" + $0 + "\n" }.joined() + String(repeating: "\u{1B}[2K\n", count: max(0, drawn - lines.count)))
                    drawn = max(drawn, lines.count)
                } else {
                    writeOut(log.lines(report).map { $0 + "\n" }.joined())
                }
                guard report.syncing else {
                    writeOut("\n")
                    return report
                }
                pause(seconds: interval)
                machine.md = MDSysfs().states()
            }
        }
    }
}

/// Sleeps for `seconds` (`nanosleep(2)`, resumed after a signal), as `Thread.sleep(forTimeInterval:)` did.
private func pause(seconds: Double) {
    var wanted = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var left = timespec()
    while nanosleep(&wanted, &left) != 0, errno == EINTR { wanted = left }
}
