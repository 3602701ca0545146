/// Which array `save-guest` and `restore-guest` copy, and what they refuse, decided from the
/// target layout: the guest is found by its identity on the disks (name or `uuid:` in its
/// members' superblocks), never by its md number.
public enum GuestCopy {
    /// The guest array `name` of the plan, as the disks hold it.
    public static func array(named name: String, in t: TargetLayout, plan: Plan) throws(PlanError) -> TargetArray {
        guard let a = t.arrays.first(where: { $0.spec.name == name }) else {
            let guests = plan.arrays.filter(\.isGuest).map(\.name)
            throw PlanError("the plan has no guest \(name)" + (guests.isEmpty ? " (it has no guests)" : "; its guests: " + guests.joined(separator: ", ")))
        }
        guard a.guest else {
            throw PlanError(line: a.spec.line, "\(name) is an array of the host (\(a.format.rawValue)), not a guest: save-guest and restore-guest copy guests")
        }
        guard a.exists else {
            throw PlanError(line: a.spec.line, "guest \(name) does not exist on these disks: no member carries the superblock of \(a.name); apply the plan first")
        }
        return a
    }

    /// Why `uses` (of the guest's array) forbid reading it now; nil when nothing writes to it.
    /// A process that holds it open read-only (a copy, a check) does not count.
    public static func readRefusal(_ name: String, device: String, uses: [DeviceUse]) -> String? {
        let writers = uses.filter { $0.readOnly != true }
        guard !writers.isEmpty else { return nil }
        return "guest \(name) (\(device)) is in use read-write: " + writers.map(\.description).joined(separator: "; ")
            + ". A copy of a disk that changes while it is read is not consistent: shut the guest down "
            + "(xl shutdown, virsh shutdown), or pause it (xl pause, virsh suspend) and pass --allow-open."
    }

    /// Why `restore-guest` must not write into the array now; nil when it may.
    /// `firstBytesZero`: its first MiB reads as zeros. `overwrite`: the admin said so (only for data, never for a use).
    public static func writeRefusal(_ name: String, device: String, uses: [DeviceUse], signatures: [Signature],
                                    firstBytesZero: Bool, overwrite: Bool) -> String? {
        if !uses.isEmpty {
            return "guest \(name) (\(device)) is in use: " + uses.map(\.description).joined(separator: "; ") + ". Nothing was written."
        }
        guard !overwrite else { return nil }
        let what = signatures.map(\.described)
        guard !what.isEmpty || !firstBytesZero else { return nil }
        let found = what.isEmpty ? "data (its first MiB is not zeros)" : what.joined(separator: ", ")
        return "guest \(name) (\(device)) holds \(found). Nothing was written; to write over it, pass --overwrite."
    }

    /// Why an image of `imageBytes` does not fit the array; nil when it fits.
    public static func sizeRefusal(_ name: String, imageBytes: UInt64, arrayBytes: UInt64) -> String? {
        guard imageBytes > arrayBytes else { return nil }
        return "the image holds \(Size.human(imageBytes)) (\(imageBytes) bytes), guest \(name)'s array only \(Size.human(arrayBytes)) "
            + "(\(arrayBytes) bytes). Nothing was written; give the guest at least \(imageBytes) bytes in the plan."
    }
}
