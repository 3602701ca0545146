import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Run a plan's actions: partition tables by libparted, arrays by mdadm, swap and file systems.",
            discussion: """
                Prints the dry run first, then asks for `yes` naming each disk it writes, unless --yes. \
                A saved plan (`plan --out FILE`) runs only if no disk changed since it was saved. \
                One apply at a time: a second one fails at once, naming the first one's pid and command \
                line (lock file /run/diskplan.lock, or $DISKPLAN_LOCK).
                """)

        @OptionGroup var options: PlanOptions

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        @Option(help: "Write mdadm.conf (ARRAY lines with UUIDs and names) to this path.")
        var mdadmConf: String?

        @Option(help: "The system's mdadm.conf that a live apply updates in place (default: /etc/mdadm/mdadm.conf or /etc/mdadm.conf, if there). Not with --mdadm-conf.")
        var systemMdadmConf: String?

        @Option(help: "Append a line per action and state to this file.")
        var journal: String?

        @Flag(help: "Print JSON Lines instead of text: one object as each action starts, finishes or fails, then the final report. Needs --yes.")
        var json = false

        @Flag(help: "Print nothing but errors. Needs --yes.")
        var quiet = false

        func validate() throws {
            if options.inventory != nil { throw ValidationError("--inventory is for plan only: apply probes the disks it writes") }
            if json && quiet { throw ValidationError("--json and --quiet exclude each other") }
            if (json || quiet) && !yes {
                throw ValidationError("--\(json ? "json" : "quiet") needs --yes: without it apply shows the dry run and asks")
            }
        }

        /// Text for a person reading along; nothing in --json and --quiet mode.
        func say(_ text: String) {
            if !json && !quiet { writeOut(text) }
        }

        func run() throws {
            try withRunLock {
                let p = try Planned.load(options.request)
                if !json && !quiet { writeHuman(p.result, planFile: p.file) }
                if p.result.actions.isEmpty {
                    say(Terminal.stdout.green("No changes: the disks already hold this plan.") + "\n")
                    try finish(p, report: nil)
                    return
                }
                let report = try ApplyRun.execute(p, journal: journal, observer: self)
                try finish(p, report: report)
            }
        }

        /// An action that starts, finishes or fails: a line of text, or a JSON object.
        func show(_ p: Executor.Progress) {
            guard !quiet else { return }
            if json {
                writeOut((try? ApplyEvent.line(event(p))) ?? "")
            } else {
                writeOut(progressLine(p, style: Terminal.stdout))
            }
        }

        func event(_ p: Executor.Progress) -> any Encodable {
            switch p.state {
            case "running": ApplyEvent.ActionStarted(index: p.index + 1, total: p.total, action: p.action)
            case "failed": ApplyEvent.ActionFailed(index: p.index + 1, total: p.total, action: p.action, error: p.error ?? "", elapsedSeconds: p.elapsed ?? 0)
            default: ApplyEvent.ActionFinished(index: p.index + 1, total: p.total, action: p.action, state: p.state)
            }
        }

        /// Names each disk as the probe that planned the actions saw it.
        func confirm(actions: [Action], disks: [String], inventory: Inventory) -> Bool {
            let touched = Set(actions.flatMap(\.disksWritten))
            writeOut("\nThis writes to:\n")
            for m in inventory.missing { writeOut("  (not \(m.path): it \(m.reason); the arrays are created without it)\n") }
            for path in disks where touched.contains(path) || actions.contains(where: { $0.kind == .createArray }) {
                guard !inventory.missing.contains(where: { $0.path == path }) else { continue }
                let d = inventory.disk(path)
                writeOut("  \(path): \(d.map { Size.human($0.sizeBytes) } ?? "?"), model \(d?.model ?? "-"), serial \(d?.serial ?? "-")\n")
            }
            if actions.contains(where: { $0.kind == .wipeDisk }) {
                writeOut(Terminal.stdout.red("Wiping destroys what is on those disks.") + "\n")
            }
            writeOut("Type yes to go on: ")
            guard let answer = readLine() else { return false }
            return answer.trimmedSpaces() == "yes"
        }

        /// Re-probe: the plan must now show no changes. Then the files for the OS install.
        /// `report` is nil when there was nothing to do.
        func finish(_ p: Planned, report: Executor.Report?) throws {
            let after = try AfterApply.verify(p, degraded: options.degraded, report: report)
            let sizes = after.sizes
            say("\nArrays (sizes as the kernel reports them):\n")
            for (a, size) in zip(after.arrays, sizes) {
                say("  \(a.md)  \(a.name)  \(a.level.name)  metadata \(a.metadata)  \(Size.human(size)) (\(size) bytes)  \(a.members.joined(separator: " "))\n")
            }
            if let path = mdadmConf {
                let text = try HostFileSteps.writeMdadmConf(after.arrays, host: p.plan.host, alerts: p.plan.alerts, to: path)
                say("\nWrote \(path):\n\(text)")
            }
            let fstab = after.fstab
            if !fstab.isEmpty {
                say("\nfstab lines for the host:\n" + fstab.map { "  \($0)\n" }.joined())
            }
            if json {
                let skipped = report?.skipped.count ?? 0
                let done = ApplyEvent.Report(plan: p.file, host: p.plan.host, done: report == nil ? 0 : p.result.actions.count - skipped, skipped: skipped,
                                             arrays: zip(after.arrays, sizes).map { TargetArray.JSON($0, sizeBytes: $1) }, fstab: fstab, mdadmConf: mdadmConf)
                writeOut(try ApplyEvent.line(done))
            }
            let created = Set(report == nil ? [] : p.result.actions.filter { $0.kind == .createArray }.map(\.device))
            try updateSystemFiles(after.arrays, alerts: p.plan.alerts, hostInstalled: p.plan.image != nil)
            printNewGuests(p.plan, created: created)
            for line in after.result.joinLater(planFile: p.file) { say("\n" + Terminal.stdout.yellow(line) + "\n") }
        }
    }
}
