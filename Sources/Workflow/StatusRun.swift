import Apply
public import Layout

/// The steps of `status`: read the machine once, check it against the plan, and while an
/// array syncs, look at md again until every sync has ended. Writes nothing.
public struct StatusRun: Sendable {
    public var plan: Layout.Plan
    /// The plan file's path, named in errors.
    public var planFile: String
    /// The disks given instead of the plan's; empty: the plan's.
    public var disks: [String]

    public init(_ file: PlanFile, disks: [String]) {
        plan = file.plan
        planFile = file.path
        self.disks = disks
    }

    /// The arrays and disks as the machine shows them now.
    public func machine() -> MachineState {
        StatusProbe.machine(disks: disks.isEmpty ? plan.disks : disks)
    }

    /// The machine checked against the plan.
    public func check(_ machine: MachineState) throws -> StatusReport {
        do {
            return try Layout.Status.report(plan, planFile: planFile, machine: machine, disks: disks.isEmpty ? nil : disks)
        } catch {
            var e = error
            e.file = planFile
            throw WorkflowError(e.description)
        }
    }

    /// Looks at md again every `interval` seconds until no array syncs, handing each frame to
    /// `write`; the disks are probed once. Returns the last report.
    public func follow(_ first: MachineState, _ firstReport: StatusReport, interval: Double, terminal: Bool,
                       write: (String) -> Void) throws -> StatusReport {
        var machine = first
        var report = firstReport
        try SyncWatch.follow(interval: interval, terminal: terminal, write: write) { md in
            machine.md = md
            report = try check(machine)
            return StatusWatch.frame(report)
        }
        return report
    }
}
