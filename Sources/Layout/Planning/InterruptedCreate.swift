/// An array whose `mdadm --create` was cut short (a power cut while mdadm wrote the
/// superblocks): some of the planned members carry its superblock, the others none, and
/// every superblock there has an event count of 0. mdadm --create writes 0; the kernel
/// counts up as soon as it starts an array, so 0 proves the array never ran and never
/// held data. udev may have assembled those members as an inactive array (/dev/md127).
/// Such an array is stopped, its members cleared and it is created again. A partial array
/// that has run (an event count above 0) is a degraded array with data, and is refused.
public struct InterruptedCreate: Sendable, Codable, Equatable {
    /// The node udev assembled its superblocks as, if it did: stopped first.
    public var assembledAs: String?
    /// The members that carry its superblock.
    public var superblocksOn: [String]
    /// The members that do not.
    public var missingOn: [String]
}

extension InterruptedCreate {
    /// Whether the entry's partitions `parts` (on `devices`, in disk order) hold such an array.
    /// `running` is the array the kernel has under the entry's name, if any; `isOurs` tells an
    /// md member signature of this entry's array.
    static func find(parts: [PartitionInfo], devices: [String], running: RunningArray?,
                     isOurs: (Signature) -> Bool) -> InterruptedCreate? {
        guard parts.count == devices.count, running.map(neverStarted) ?? true else { return nil }
        let superblocks = parts.map { $0.signatures.first(where: isOurs) }
        let on = zip(devices, superblocks).filter { $0.1 != nil }
        guard !on.isEmpty, on.count < devices.count, on.allSatisfy({ $0.1?.events == 0 }) else { return nil }
        return InterruptedCreate(assembledAs: running?.device, superblocksOn: on.map(\.0),
                                 missingOn: zip(devices, superblocks).filter { $0.1 == nil }.map(\.0))
    }

    /// Refuses an array that runs nowhere and whose superblock is on some of its members only,
    /// when `find` did not call it an interrupted create: it has run, so it is degraded and may
    /// hold data. (replace-disk plans such arrays on purpose, and does not call this.)
    static func refuseIfPartial(_ parts: [PartitionInfo], devices: [String], spec: ArraySpec, key: String) throws(PlanError) {
        let found = parts.map { $0.signatures.first(where: \.isRaidMember) }
        guard found.contains(where: { $0 == nil }), let k = found.firstIndex(where: { $0 != nil }) else { return }
        throw PlanError(line: spec.line, key: key, "its array's superblock is on \(devices[k]) but not on every member, and the array has run "
            + "(event count \(found[k]?.events.map(String.init) ?? "unknown")): it is degraded and may hold data. "
            + "Nothing was written. Start it (mdadm --assemble --run \(spec.device) \(devices[k])), then add the other members: diskplan replace-disk")
    }

    /// An array the kernel holds but has not written to: assembled from too few members, or
    /// started read-only until its first write.
    static func neverStarted(_ a: RunningArray) -> Bool {
        ["inactive", "read-auto"].contains(a.state ?? "")
    }

    /// What the dry run says about it.
    func note(_ md: String, name: String) -> String {
        "An earlier apply stopped inside mdadm --create of \(md) '\(name)': its superblock is on \(superblocksOn.joined(separator: ", ")) "
            + "but not on \(missingOn.joined(separator: ", ")), and the array never ran (event count 0)"
            + (assembledAs.map { "; udev assembled it as \($0), inactive" } ?? "") + ". It held no data: it is "
            + (assembledAs == nil ? "" : "stopped, ") + "cleared and created again."
    }
}
