import Apply
import ArgumentParser
import FoundationEssentials
import Layout

extension DiskPlanCommand.Apply {
    /// Apply never writes a table entry or a signature of a device that is in use.
    func refuseInUse(_ actions: [Action], inventory: Inventory) throws {
        let refusals = InUse.refusals(actions, inventory: inventory)
        guard refusals.isEmpty else {
            throw fail("refusing: these actions would write to devices in use; nothing was written:\n" + refusals.map { "  - \($0)\n" }.joined())
        }
    }

    /// The system's mdadm.conf gains an ARRAY line for each of the plan's arrays it does not list
    /// (the old file kept as `.diskplan-old`): those created now, and those an interrupted apply
    /// created but did not get to record. Then the command that refreshes the initramfs is printed.
    /// `hostInstalled`: the plan installs the host (`image:`), whose own mdadm.conf and initramfs
    /// its install steps wrote; the file updated here is then the rescue system's.
    func updateSystemFiles(_ arrays: [TargetArray], hostInstalled: Bool = false) throws {
        guard mdadmConf == nil, let path = systemMdadmConf ?? HostFiles.systemMdadmConf() else { return }
        let added: [String]
        do {
            // An array that does not run (a degraded one left inactive) has no line to give yet.
            let running = arrays.filter { (MDSysfs().sizeBytes($0.device) ?? 0) > 0 }
            added = try HostFiles.updateMdadmConf(at: path, running, runner: ProcessRunner())
        } catch {
            throw fail("updating \(path): \(error)")
        }
        guard !added.isEmpty else { return }
        notice("\nUpdated \(path) (the old one is \(path).diskplan-old):\n" + added.map { "  \($0)\n" }.joined())
        if hostInstalled {
            notice("The installed host has its own mdadm.conf and initramfs, written by the install steps.\n")
            return
        }
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        if let command = MdadmConf.initramfsCommand(osRelease: osRelease) {
            notice("Refresh the initramfs so that early boot knows the new arrays:\n  \(command.joined(separator: " "))\n")
        } else {
            notice("Refresh the initramfs (as this distribution does it) so that early boot knows the new arrays.\n")
        }
    }

    /// What the admin must act on: with the text output on stdout; with --json and --quiet on
    /// stderr, so that stdout stays JSON Lines (or empty).
    func notice(_ text: String) {
        if json || quiet { Posix.writeAll(2, Array(text.utf8)) } else { writeOut(text) }
    }

    /// The Xen disk line of each guest this apply created (the text output only: `guests` prints them too).
    func printNewGuests(_ plan: Layout.Plan, created: Set<String>) {
        let guests = GuestLines.guests(plan).filter { created.contains($0.md) }
        guard !guests.isEmpty else { return }
        say("\nNew guest(s), for the hypervisor (`diskplan guests PLAN --libvirt` for libvirt):\n" + guests.map(GuestLines.xen).joined())
    }
}
