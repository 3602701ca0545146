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

    /// The dry run, or that there is nothing to do.
    func planned(_ planned: Planned) {
        if !json && !quiet { writeHuman(planned.result, planFile: planned.file) }
        if planned.result.actions.isEmpty { say(Terminal.stdout.green("No changes: the disks already hold this plan.") + "\n") }
    }

    /// The lines the system's mdadm.conf gained (the old one kept as `.diskplan-old`), and what to run next.
    func showSystemConf(_ u: SystemConfUpdate) {
        notice("\nUpdated \(u.path) (the old one is \(u.path).diskplan-old):\n" + u.lines.map { "  \($0)\n" }.joined())
        if let advice = u.initramfsAdvice { notice(advice) }
        if let advice = u.monitorAdvice { notice(advice) }
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
