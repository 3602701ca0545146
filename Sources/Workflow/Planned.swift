public import Layout
import Apply

/// What a command asks to plan: a plan file (or a saved plan, for apply), and the options
/// `plan` and `apply` share.
public struct PlanRequest: Sendable {
    public var plan: String
    public var disks: [String]
    public var wipe: [String]
    /// A saved `probe --json` to plan against instead of probing.
    public var inventory: String?
    public var degraded: Bool
    public var reinstallHost: Bool

    public init(plan: String, disks: [String] = [], wipe: [String] = [], inventory: String? = nil,
                degraded: Bool = false, reinstallHost: Bool = false) {
        self.plan = plan
        self.disks = disks
        self.wipe = wipe
        self.inventory = inventory
        self.degraded = degraded
        self.reinstallHost = reinstallHost
    }

    public var plannerOptions: PlannerOptions {
        var o = PlannerOptions(disks: disks.isEmpty ? nil : disks, wipe: wipe, degraded: degraded)
        o.reinstallHost = reinstallHost
        return o
    }
}

/// A plan planned against the disks as they are: the first half of `plan` and `apply`.
public struct Planned: Sendable {
    public var file: String
    public var plan: Layout.Plan
    public var inventory: Inventory
    public var result: PlanResult
    public var disks: [String]
    public var wipe: [String]

    /// Reads the plan file, probes its disks (or reads the saved inventory) and plans.
    public static func make(_ r: PlanRequest) throws -> Planned {
        let file = try PlanFile.read(r.plan)
        let plan = file.plan
        let disks: [String]
        do { disks = try plan.disks(given: r.plannerOptions.disks) } catch { throw file.failure(error) }
        let inventory = try probe(r, plan: plan, disks: disks)
        do {
            let result = try Planner.plan(plan, inventory: inventory, options: r.plannerOptions)
            return Planned(file: r.plan, plan: plan, inventory: inventory, result: result, disks: disks, wipe: r.wipe)
        } catch {
            throw file.failure(error)
        }
    }

    /// The saved inventory the request names, or the probe of the plan's disks.
    static func probe(_ r: PlanRequest, plan: Layout.Plan, disks: [String]) throws -> Inventory {
        if let path = r.inventory { return try readInventory(path) }
        do {
            return try Probe.inventory(for: plan, paths: disks, options: r.plannerOptions)
        } catch {
            throw WorkflowError("\(error)")
        }
    }
}
