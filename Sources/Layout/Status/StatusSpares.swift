/// Hot spares (`spares:`) in `diskplan status`: an array with fewer spares than the plan
/// gives it is drift (a spare that took over a failed member's slot leaves none until
/// the failed disk is replaced); which disk holds the spare does not matter.
extension HealthCheck {
    mutating func checkSpares(_ planned: TargetArray, _ s: MDState, _ members: [MemberHealth]) {
        let want = planned.spares?.count ?? 0
        guard want > 0, s.isRunning else { return }
        for m in members where m.spare == true && [.active, .rebuilding].contains(m.state) {
            notes.append(Drift(.array, planned.md, "\(m.device), the plan's spare, "
                + (m.state == .active ? "is an active member" : "is being rebuilt as a member") + (m.slot.map { " in slot \($0)" } ?? "")
                + ": it took the place of a failed member"))
        }
        let have = s.members.filter { Status.memberState($0) == .spare }.count
        guard have < want else { return }
        let absent = members.filter { $0.planned && $0.state == .missing }.map(\.device)
        drift.append(Drift(.array, planned.md, (have == 0 ? "has no spare" : "has \(have) spare\(have == 1 ? "" : "s")")
            + "; the plan gives it \(want)" + (absent.isEmpty ? "" : " (\(absent.joined(separator: ", ")) \(absent.count == 1 ? "is" : "are") not in the array)")
            + ". Replace the failed disk (diskplan replace-disk): its new member joins as the spare"))
    }
}
