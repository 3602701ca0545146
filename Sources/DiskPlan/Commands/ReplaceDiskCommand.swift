import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct ReplaceDisk: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replace-disk",
            abstract: "Put a new disk in the place of a failed one: its table from the plan, its members added to every array.",
            discussion: """
                Prints the dry run, then asks for `yes` naming the new disk, unless --yes; --dry-run stops \
                after the dry run (exit 0 nothing to do, 2 actions pending). Only the new disk is written; \
                the arrays keep running on the healthy disks. Like apply, it holds the run lock \
                (/run/diskplan.lock, or $DISKPLAN_LOCK) from its probe to its last action.
                """)

        @Argument(help: "The plan file (YAML) the disks were laid out with.", completion: Completion.plan)
        var plan: String

        @Option(name: .customLong("new"), help: "The new, blank disk.", completion: Completion.disk)
        var newDisk: String

        @Option(help: "The plan's disk the new one replaces (default: --new, when the new disk took the failed one's name).", completion: Completion.disk)
        var failed: String?

        @OptionGroup var diskOptions: DiskOptions
        var disks: [String] { diskOptions.disks }

        @Flag(help: "Allow destroying what the new disk holds (an old table, signatures).")
        var wipe = false

        @Flag(help: "Print the dry run and stop.")
        var dryRun = false

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        @Flag(help: "Install GRUB on the new disk (BIOS) even where the host shows no GRUB of its own. By default it is installed when the plan installs the host (image:) or a healthy disk carries GRUB.")
        var installBootloader = false

        @Flag(help: "Do not install GRUB on the new disk (only show the command), nor add its UEFI boot entry.")
        var noBootloader = false

        @Option(help: "Write mdadm.conf (ARRAY lines with UUIDs and names) to this path afterwards.")
        var mdadmConf: String?

        @Flag(help: "Follow md's rebuild of every array until it is done: a progress bar per array with the time left (plain lines when not on a terminal).")
        var watch = false

        func validate() throws {
            if dryRun, watch { throw ValidationError("--watch follows the rebuild after the replacement; it does nothing with --dry-run") }
            if dryRun, yes { throw ValidationError("--yes confirms writing; --dry-run writes nothing") }
            if installBootloader, noBootloader { throw ValidationError("--install-bootloader and --no-bootloader exclude each other") }
        }

        var replaceOptions: ReplaceOptions {
            var o = ReplaceOptions(newDisk: newDisk, failedDisk: failed, wipe: wipe, installBootloader: installBootloader, disks: disks.isEmpty ? nil : disks)
            o.noBootloader = noBootloader
            return o
        }

        /// Holds the run lock (as apply does) from the probe to the last action; not while --watch follows the rebuild.
        func run() throws {
            let replacement = dryRun ? try replace() : try withRunLock { try replace() }
            if let replacement { try follow(replacement) }
        }

        /// Plans the replacement, shows it, and runs it unless --dry-run; what --watch then follows.
        func replace() throws -> Replacement? {
            let file = try PlanFile.read(self.plan)
            let replacement = try ReplaceRun.plan(file, options: replaceOptions)
            let place = replacement.failed == replacement.newDisk ? "the new disk \(replacement.newDisk)" : "\(replacement.newDisk) in the place of \(replacement.failed)"
            writeOut("Replacing a failed disk: \(place); the arrays keep running on \(replacement.healthy.joined(separator: ", ")).\n\n")
            writeHuman(replacement.result, planFile: self.plan)
            let actions = replacement.result.actions
            if dryRun {
                if !actions.isEmpty { throw ExitCode(2) }
                return nil
            }
            if actions.isEmpty {
                writeOut("Nothing to do: the new disk is in place.\n")
                return replacement
            }
            try ReplaceRun.execute(replacement, consent: { yes || confirm(replacement) },
                                   starting: { writeOut("Applying \(actions.count) action(s):\n") },
                                   progress: { writeOut(progressLine($0, style: Terminal.stdout)) })
            try finish(file.plan, replacement)
            return replacement
        }

        /// With --watch: the rebuild of every array until it is done; an array left degraded is an error.
        func follow(_ r: Replacement) throws {
            guard watch else { return }
            writeOut("\nRebuilding onto \(r.newDisk):\n")
            var rebuild = RebuildWatch(arrays: r.arrays.map { RebuildWatch.Named(device: $0.device, name: $0.name) })
            SyncWatch.follow(interval: 1, terminal: Terminal.stdoutIsTerminal, write: writeOut) { rebuild.look($0) }
            if !rebuild.degraded.isEmpty {
                throw fail("still degraded with nothing rebuilding: " + rebuild.degraded.map(RebuildWatch.line).joined(separator: "; "))
            }
            writeOut("Every array is in sync.\n")
        }

        /// Names the new disk and asks at the terminal.
        func confirm(_ r: Replacement) -> Bool {
            let d = try? DiskProbe.disk(r.newDisk)
            writeOut("\nThis writes to \(r.newDisk): \(d.map { Size.human($0.sizeBytes) } ?? "?"), model \(d?.model ?? "-"), serial \(d?.serial ?? "-")\n")
            writeOut("and adds its partitions to the arrays. Type yes to go on: ")
            guard let answer = readLine() else { return false }
            return answer.trimmedSpaces() == "yes"
        }

        /// Re-probe: the plan must show no changes on the disks as they are now. Then mdadm.conf, if asked.
        func finish(_ plan: Layout.Plan, _ r: Replacement) throws {
            try ReplaceRun.verify(r)
            let spares = r.arrays.filter { $0.asSpare == true }.map(\.device)
            writeOut(spares.count == r.arrays.count ? "\nEvery array has its new member, as a hot spare (cat /proc/mdstat).\n"
                : "\nEvery array has its new member; md rebuilds them now (cat /proc/mdstat)"
                    + (spares.isEmpty ? "" : ", but for \(spares.joined(separator: ", ")), which keep theirs as a hot spare") + ".\n")
            if let path = mdadmConf {
                let text = try HostFileSteps.writeMdadmConf(try ReplaceRun.arraysAfter(plan, options: replaceOptions), host: plan.host, to: path)
                writeOut("\nWrote \(path):\n\(text)")
            }
            if let grub = r.bootloader, !r.result.actions.contains(where: { $0.kind == .installBootloader }) {
                writeOut("\nBoot loader: on the installed host run \(Render.shellQuoted(grub)) once the rebuild is done.\n")
            }
        }
    }
}
