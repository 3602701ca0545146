public import Apply
import FoundationEssentials
public import Layout

/// What apply checks and writes once the actions ran: the plan against the disks again
/// (it must show no changes), the arrays' sizes, and the host's files.
public struct AfterApply: Sendable {
    /// The plan against the disks as they are after the run.
    public var result: PlanResult
    /// The size of each of `result.arrays`, as the kernel reports it where it can.
    public var sizes: [UInt64]

    /// Probes again and plans; fails when the plan still shows actions. `report` is nil
    /// when there was nothing to do.
    public static func verify(_ p: Planned, degraded: Bool, report: Executor.Report?) throws -> AfterApply {
        let options = PlannerOptions(disks: p.disks, degraded: degraded)
        let after: PlanResult
        do {
            let inventory = try Probe.inventory(for: p.plan, paths: p.disks, options: options)
            after = try Planner.plan(p.plan, inventory: inventory, options: options)
        } catch {
            throw WorkflowError("re-probing after apply failed: \(error)")
        }
        if after.hasChanges {
            throw WorkflowError("after apply the plan still shows \(after.actions.count) action(s): " + after.actions.map(\.summary).joined(separator: "; "))
        }
        let sizes = after.arrays.map { a in report?.arraySizes[a.md] ?? MDSysfs().sizeBytes(a.device) ?? a.sizeBytes }
        return AfterApply(result: after, sizes: sizes)
    }

    /// The arrays after the run.
    public var arrays: [TargetArray] { result.arrays }

    /// The fstab lines of the arrays' file systems, for the host.
    public var fstab: [String] { HostFiles.fstab(arrays) }
}
