import Apply
import FoundationEssentials
public import Layout

extension Planned {
    /// The saved plan (`plan --out`) the request names, planned against the disks as they are
    /// now; nil when the file is not a saved plan. It fails when a disk changed since it was
    /// saved, or when planned today it would run other actions than the ones it saved.
    public static func saved(_ r: PlanRequest) throws -> Planned? {
        guard let saved = PlanFile.saved(r.plan) else { return nil }
        guard r.disks.isEmpty, r.wipe.isEmpty, !r.degraded else {
            throw WorkflowError("a saved plan fixes its disks and --wipe, and has all its disks (no --degraded); plan again instead of overriding them")
        }
        let options = PlannerOptions(disks: saved.disks, wipe: saved.wipe)
        let inventory: Inventory
        do { inventory = try Probe.inventory(for: saved.plan, paths: saved.disks, options: options) } catch { throw WorkflowError("\(error)") }
        let changes = saved.changes(against: inventory)
        guard changes.isEmpty else {
            throw WorkflowError("refusing: the disks changed since \(r.plan) was saved. Plan again.\n" + changes.joined(separator: "\n"))
        }
        let now: PlanResult
        do { now = try Planner.plan(saved.plan, inventory: inventory, options: options) } catch { throw WorkflowError(error.description) }
        guard now.actions == saved.actions else {
            throw WorkflowError("refusing: planned today, \(r.plan) would run other actions than the ones it saved. Plan again.")
        }
        return Planned(file: r.plan, plan: saved.plan, inventory: inventory, result: now, disks: saved.disks, wipe: saved.wipe)
    }

    /// The saved plan the request names if it is one, else the plan file planned now.
    public static func load(_ r: PlanRequest) throws -> Planned {
        try saved(r) ?? make(r)
    }

    /// What `plan --out` writes: the actions and a fingerprint of every disk.
    public var savedPlan: SavedPlan {
        SavedPlan(planFile: file, plan: plan, disks: disks, wipe: wipe, inventory: inventory, actions: result.actions)
    }

    /// Writes `savedPlan` to `path`, for `apply` to run if the disks have not changed.
    public func save(to path: String) throws {
        do {
            try Render.encoder().encode(savedPlan).write(to: URL(fileURLWithPath: path))
        } catch {
            throw WorkflowError("cannot write \(path): \(ioText(error))")
        }
    }
}
