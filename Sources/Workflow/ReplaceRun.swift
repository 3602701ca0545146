public import Apply
public import Layout

/// The steps of `replace-disk`: plan the replacement against the disks as they are, run it
/// once consent is given, and check the arrays afterwards.
public enum ReplaceRun {
    /// Probes the healthy disks and the new one, and plans the replacement.
    public static func plan(_ file: PlanFile, options: ReplaceOptions) throws -> Replacement {
        let plan = file.plan
        do {
            let (disks, _) = try Planner.replacementDisks(plan, options: options)
            var inventory: Inventory
            do { inventory = try Probe.inventory(paths: disks) } catch { throw WorkflowError("\(error)") }
            inventory.host = HostProbe(bootCode: BootCodeReader.read(inventory.disks))
            inventory.host?.efi = EFIVarReader.read()
            return try Planner.replace(plan, inventory: inventory, options: options)
        } catch let e as PlanError {
            throw file.failure(e)
        }
    }

    /// Asks `consent`, runs the preflight on the new disk, then every action. Only the new
    /// disk is written; nothing is, without consent.
    public static func execute(_ r: Replacement, consent: () -> Bool, starting: () -> Void,
                               progress: @escaping (Executor.Progress) -> Void) throws {
        let actions = r.result.actions
        guard consent() else { throw WorkflowError("not confirmed; nothing was written") }
        // After consent: it may load kernel modules.
        try preflight(actions, disks: [(try? Probe.disk(r.newDisk))].compactMap { $0 })
        starting()
        do {
            _ = try Executor(progress: progress).run(actions)
        } catch {
            throw WorkflowError("stopped: \(error)\nWhat ran before this is on disk; run the same command again to resume.")
        }
    }

    /// Every array of the whole plan once the new disk is in (with sets of disks, the other
    /// sets' arrays too): what `--mdadm-conf` writes. Probes the plan's disks, the new one in
    /// the failed one's place.
    public static func arraysAfter(_ plan: Plan, options: ReplaceOptions) throws -> [TargetArray] {
        let (disks, _) = try Planner.replacementDisks(plan, options: options)
        var arrays = plan
        arrays.image = nil
        return try Planner.target(arrays, inventory: try Probe.inventory(paths: disks), options: PlannerOptions(disks: disks)).arrays
    }

    /// Re-probe: the plan's arrays must show no changes on the disks as they are now.
    /// The host's install (image:) is apply's, not checked here.
    public static func verify(_ r: Replacement) throws {
        let after: PlanResult
        do {
            let inventory = try Probe.inventory(paths: r.disks)
            var arrays = r.plan
            arrays.image = nil
            after = try Planner.plan(arrays, inventory: inventory, options: PlannerOptions(disks: r.disks))
        } catch {
            throw WorkflowError("re-probing after the replacement failed: \(error)")
        }
        if after.hasChanges {
            throw WorkflowError("after the replacement the plan still shows \(after.actions.count) action(s): " + after.actions.map(\.summary).joined(separator: "; "))
        }
    }
}
