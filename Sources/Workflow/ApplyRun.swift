public import Apply
public import Layout

/// Who follows an apply: the command line prints and asks at the terminal, a test records.
/// Nothing is written before `consent` says yes.
public protocol ApplyObserver {
    /// The plan as loaded, before anything runs (the dry run to show).
    func planned(_ planned: Planned)
    /// Asked once, after the in-use check and before the preflight (which may load kernel
    /// modules): false stops the run with nothing written.
    func consent(to planned: Planned) -> Bool
    /// The actions are about to run.
    func starting(_ planned: Planned)
    /// An action starts, finishes or fails.
    func progress(_ progress: Executor.Progress)
}

extension ApplyObserver {
    public func planned(_ planned: Planned) {}
}

/// The second half of `apply`: the checks before the first write, then the executor.
public enum ApplyRun {
    /// Refuses writes to devices in use, asks the observer's consent, runs the preflight, then
    /// every action, appending to the journal at `journal` if given.
    public static func execute(_ p: Planned, journal: String?, observer: any ApplyObserver) throws -> Executor.Report {
        let actions = p.result.actions
        try refuseInUse(actions, inventory: p.inventory)
        guard observer.consent(to: p) else { throw WorkflowError("not confirmed; nothing was written") }
        try preflight(actions, disks: p.inventory.disks)
        let journal = try journal.map { path -> Journal in
            do { return try Journal(path: path) } catch { throw WorkflowError("\(error)") }
        }
        observer.starting(p)
        let executor = Executor(journal: journal) { observer.progress($0) }
        do {
            return try executor.run(actions)
        } catch {
            Executor.unmountHost(actions)
            throw WorkflowError("stopped: \(error)\nWhat ran before this is on disk; run the same command again to resume.")
        }
    }

    /// Apply never writes a table entry or a signature of a device that is in use.
    public static func refuseInUse(_ actions: [Action], inventory: Inventory) throws {
        let refusals = InUse.refusals(actions, inventory: inventory)
        guard refusals.isEmpty else {
            throw WorkflowError("refusing: these actions would write to devices in use; nothing was written:\n" + refusals.map { "  - \($0)\n" }.joined())
        }
    }
}

/// The preflight of `apply` and `replace-disk`, before their first write: each problem.
public func preflight(_ actions: [Action], disks: [DiskInfo]) throws {
    let problems = Preflight().problems(actions, disks: disks)
    guard !problems.isEmpty else { return }
    throw WorkflowError("preflight: this run could not finish; nothing was written:\n" + problems.map { "  - \($0)\n" }.joined(separator: "").dropLast())
}
