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

    /// After arrays were created on a live host: the system's mdadm.conf gains their ARRAY lines
    /// (the old file kept as `.diskplan-old`), and the command that refreshes the initramfs is printed.
    func updateSystemFiles(_ arrays: [PlannedArray], created: Bool) throws {
        guard created, mdadmConf == nil, let path = systemMdadmConf ?? HostFiles.systemMdadmConf() else { return }
        let added: [String]
        do {
            added = try HostFiles.updateMdadmConf(at: path, arrays, runner: ProcessRunner())
        } catch {
            throw fail("updating \(path): \(error)")
        }
        guard !added.isEmpty else { return }
        writeOut("\nUpdated \(path) (the old one is \(path).diskplan-old):\n" + added.map { "  \($0)\n" }.joined())
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        if let command = MdadmConf.initramfsCommand(osRelease: osRelease) {
            writeOut("Refresh the initramfs so that early boot knows the new arrays:\n  \(command.joined(separator: " "))\n")
        } else {
            writeOut("Refresh the initramfs (as this distribution does it) so that early boot knows the new arrays.\n")
        }
    }

    /// The Xen disk line of each guest this apply created.
    func printNewGuests(_ plan: Layout.Plan, created: Set<String>) {
        let guests = GuestLines.guests(plan).filter { created.contains($0.md) }
        guard !guests.isEmpty else { return }
        writeOut("\nNew guest(s), for the hypervisor (`diskplan guests PLAN --libvirt` for libvirt):\n" + guests.map(GuestLines.xen).joined())
    }
}
