import Layout

/// The member actions of a disk replacement; each checks the array's state in sysfs first,
/// so a run that is repeated does nothing twice.
extension Executor {
    func removeMember(_ a: Action, _ member: String) throws -> String {
        guard md.contains(member: member, in: a.device) else { return "skipped: \(member) is no longer in \(a.device)" }
        return try command(a)
    }

    func startArray(_ a: Action) throws -> String {
        guard md.arrayState(a.device) == "inactive" else { return "skipped: \(a.device) is already running" }
        return try command(a)
    }

    func addMember(_ a: Action, _ member: String) throws -> String {
        guard !md.contains(member: member, in: a.device) else { return "skipped: \(member) is already in \(a.device)" }
        return try command(a)
    }
}
