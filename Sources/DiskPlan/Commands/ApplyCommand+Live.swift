import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand.Apply: ApplyObserver {
    /// Asks at the terminal, unless --yes.
    func consent(to planned: Planned) -> Bool {
        yes || confirm(actions: planned.result.actions, disks: planned.disks, inventory: planned.inventory)
    }

    func starting(_ planned: Planned) {
        say("Applying \(planned.result.actions.count) action(s) from \(planned.file):\n")
    }

    func progress(_ progress: Executor.Progress) { show(progress) }

    /// The system's mdadm.conf gains an ARRAY line for each of the plan's arrays it does not list
    /// (the old file kept as `.diskplan-old`): those created now, and those an interrupted apply
    /// created but did not get to record; and the plan's `alerts:` lines (MAILADDR, PROGRAM). Then the command that refreshes the initramfs is printed.
    /// `hostInstalled`: the plan installs the host (`image:`), whose own mdadm.conf and initramfs
    /// its install steps wrote; the file updated here is then the rescue system's.
    func updateSystemFiles(_ arrays: [TargetArray], alerts: Alerts?, hostInstalled: Bool = false) throws {
        guard mdadmConf == nil, let path = HostFileSteps.systemMdadmConf(given: systemMdadmConf) else { return }
        let added = try HostFileSteps.updateMdadmConf(at: path, arrays, alerts: alerts)
        guard !added.isEmpty else { return }
        notice("\nUpdated \(path) (the old one is \(path).diskplan-old):\n" + added.map { "  \($0)\n" }.joined())
        if added.contains(where: { $0.hasPrefix("ARRAY") }) { notice(HostFileSteps.initramfsAdvice(hostInstalled: hostInstalled)) }
        if added.contains(where: { !$0.hasPrefix("ARRAY") }) { notice("mdadm's monitor reads where to report when it starts: systemctl restart mdmonitor\n") }
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
