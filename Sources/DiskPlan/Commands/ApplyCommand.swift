import Apply
import ArgumentParser
import FoundationEssentials
import Layout

extension DiskPlanCommand {
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
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
            // One apply at a time, from the probe that plans to the last action.
            let lock: RunLock
            do { lock = try RunLock.acquire() } catch { throw fail("\(error)") }
            defer { lock.release() }
            let p = try load()
            let actions = p.result.actions
            let planner = PlannerOptions(disks: p.disks, wipe: p.wipe, degraded: options.degraded)
            if actions.isEmpty {
                say(Terminal.stdout.green("No changes: the disks already hold this plan.") + "\n")
                try finish(p, planner: planner, report: nil)
                return
            }
            try refuseInUse(actions, inventory: p.inventory)
            if !yes { try confirm(actions: actions, disks: p.disks, inventory: p.inventory) }
            // After consent: it may load kernel modules.
            try preflight(actions, disks: p.inventory.disks)
            let journal = try self.journal.map { path -> Journal in
                do { return try Journal(path: path) } catch { throw fail("\(error)") }
            }
            say("Applying \(actions.count) action(s) from \(p.file):\n")
            let executor = Executor(journal: journal) { progress in show(progress) }
            let report: Executor.Report
            do {
                report = try executor.run(actions)
            } catch {
                Executor.unmountHost(actions)
                throw fail("stopped: \(error)\nWhat ran before this is on disk; run the same command again to resume.")
            }
            try finish(p, planner: planner, report: report)
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

        /// A plan file or a saved plan, planned against the disks as they are now.
        func load() throws -> Planned {
            if let saved = PlanFile.saved(options.plan) {
                guard options.disks.isEmpty, options.wipe.isEmpty, !options.degraded else {
                    throw fail("a saved plan fixes its disks and --wipe, and has all its disks (no --degraded); plan again instead of overriding them")
                }
                let inventory: Inventory
                do { inventory = try DiskProbe.inventory(for: saved.plan, paths: saved.disks, options: PlannerOptions(disks: saved.disks, wipe: saved.wipe)) } catch { throw fail("\(error)") }
                let changes = saved.changes(against: inventory)
                guard changes.isEmpty else {
                    throw fail("refusing: the disks changed since \(options.plan) was saved. Plan again.\n" + changes.joined(separator: "\n"))
                }
                let now: PlanResult
                do {
                    now = try Planner.plan(saved.plan, inventory: inventory, options: PlannerOptions(disks: saved.disks, wipe: saved.wipe))
                } catch { throw fail(error.description) }
                guard now.actions == saved.actions else {
                    throw fail("refusing: planned today, \(options.plan) would run other actions than the ones it saved. Plan again.")
                }
                if !json && !quiet { writeHuman(now, planFile: options.plan) }
                return Planned(file: options.plan, plan: saved.plan, inventory: inventory, result: now, disks: saved.disks, wipe: saved.wipe)
            }
            let p = try Planned.make(options)
            if !json && !quiet { writeHuman(p.result, planFile: p.file) }
            return p
        }

        /// Names each disk as the probe that planned the actions saw it.
        func confirm(actions: [Action], disks: [String], inventory: Inventory) throws {
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
            guard let answer = readLine(), answer.trimmedSpaces() == "yes" else {
                throw fail("not confirmed; nothing was written")
            }
        }

        /// Re-probe: the plan must now show no changes. Then the files for the OS install.
        /// `report` is nil when there was nothing to do.
        func finish(_ p: Planned, planner: PlannerOptions, report: Executor.Report?) throws {
            let after: PlanResult
            do {
                let inventory = try DiskProbe.inventory(for: p.plan, paths: planner.disks ?? p.plan.disks, options: PlannerOptions(disks: planner.disks, degraded: planner.degraded))
                after = try Planner.plan(p.plan, inventory: inventory, options: PlannerOptions(disks: planner.disks, degraded: planner.degraded))
            } catch {
                throw fail("re-probing after apply failed: \(error)")
            }
            if after.hasChanges {
                throw fail("after apply the plan still shows \(after.actions.count) action(s): " + after.actions.map(\.summary).joined(separator: "; "))
            }
            let sizes = after.arrays.map { a in report?.arraySizes[a.md] ?? MDSysfs().sizeBytes(a.device) ?? a.sizeBytes }
            say("\nArrays (sizes as the kernel reports them):\n")
            for (a, size) in zip(after.arrays, sizes) {
                say("  \(a.md)  \(a.name)  \(a.level.name)  metadata \(a.metadata)  \(Size.human(size)) (\(size) bytes)  \(a.members.joined(separator: " "))\n")
            }
            if let path = mdadmConf {
                do {
                    let text = try HostFiles.mdadmConf(after.arrays, host: p.plan.host, runner: ProcessRunner())
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    say("\nWrote \(path):\n\(text)")
                } catch {
                    throw fail("writing \(path): \(error)")
                }
            }
            let fstab = HostFiles.fstab(after.arrays)
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
            try updateSystemFiles(after.arrays, hostInstalled: p.plan.image != nil)
            printNewGuests(p.plan, created: created)
            for line in after.joinLater(planFile: p.file) { say("\n" + Terminal.stdout.yellow(line) + "\n") }
        }
    }
}
