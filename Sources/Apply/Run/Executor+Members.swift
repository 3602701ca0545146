import Layout

/// The member actions of a disk replacement; each checks the array's state in sysfs first,
/// so a run that is repeated does nothing twice.
extension Executor {
    func performMember(_ a: Action) throws -> String {
        switch a.kind {
        case .removeMember:
            guard let m = a.member, md.contains(member: m, in: a.device) else { return "skipped: \(a.member ?? "?") is no longer in \(a.device)" }
        case .startArray:
            guard md.arrayState(a.device) == "inactive" else { return "skipped: \(a.device) is already running" }
        case .addMember:
            guard let m = a.member, !md.contains(member: m, in: a.device) else { return "skipped: \(a.member ?? "?") is already in \(a.device)" }
        default:
            break
        }
        _ = try runner.run(a.argv!)
        return "done"
    }
}
