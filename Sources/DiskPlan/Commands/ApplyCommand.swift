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
                let applied = try ApplyRun.apply(options.request, journal: journal,
                                                 files: HostFileRequest(mdadmConf: mdadmConf, systemMdadmConf: systemMdadmConf), observer: self)
                try show(applied)
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

        /// The arrays as the kernel reports them, the host files, the new guests and what to do next.
        func show(_ applied: Applied) throws {
            let (p, after) = (applied.planned, applied.after)
            say("\nArrays (sizes as the kernel reports them):\n")
            for (a, size) in zip(after.arrays, after.sizes) {
                say("  \(a.md)  \(a.name)  \(a.level.name)  metadata \(a.metadata)  \(Size.human(size)) (\(size) bytes)  \(a.members.joined(separator: " "))\n")
            }
            if let path = mdadmConf, let text = applied.mdadmConfText { say("\nWrote \(path):\n\(text)") }
            let fstab = after.fstab
            if !fstab.isEmpty {
                say("\nfstab lines for the host:\n" + fstab.map { "  \($0)\n" }.joined())
            }
            if json {
                let skipped = applied.report?.skipped.count ?? 0
                let done = ApplyEvent.Report(plan: p.file, host: p.plan.host, done: applied.report == nil ? 0 : p.result.actions.count - skipped, skipped: skipped,
                                             arrays: zip(after.arrays, after.sizes).map { TargetArray.JSON($0, sizeBytes: $1) }, fstab: fstab, mdadmConf: mdadmConf)
                writeOut(try ApplyEvent.line(done))
            }
            if let update = applied.systemConf { showSystemConf(update) }
            printNewGuests(p.plan, created: applied.created)
            for line in after.result.joinLater(planFile: p.file) { say("\n" + Terminal.stdout.yellow(line) + "\n") }
        }
    }
}
