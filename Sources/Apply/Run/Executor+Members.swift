import Layout

/// The member actions of a disk replacement; each checks the array's state in sysfs first,
/// so a run that is repeated does nothing twice.
extension Executor {
    func performMember(_ a: Action) throws -> String {
        let md = a.device.split(separator: "/").last.map(String.init) ?? a.device
        switch a.kind {
        case .removeMember:
            guard let m = a.member, Self.isMember(m, of: md) else { return "skipped: \(a.member ?? "?") is no longer in \(a.device)" }
        case .startArray:
            guard Posix.sysfs("/sys/block/\(md)/md/array_state") == "inactive" else { return "skipped: \(a.device) is already running" }
        case .addMember:
            guard let m = a.member, !Self.isMember(m, of: md) else { return "skipped: \(a.member ?? "?") is already in \(a.device)" }
        default:
            break
        }
        _ = try runner.run(a.argv!)
        return "done"
    }

    /// Whether the kernel lists `member` (`/dev/vdb4`) in array `md` (`md127`).
    static func isMember(_ member: String, of md: String) -> Bool {
        let name = member.split(separator: "/").last.map(String.init) ?? member
        return !Posix.directory("/sys/block/\(md)/md/dev-\(name)").isEmpty
    }
}
