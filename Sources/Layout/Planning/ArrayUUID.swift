/// md array UUIDs in the forms the tools write them: mdadm `3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b4c`,
/// libblkid and udev's by-uuid `3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b4c`. Compared as 32 hex digits.
public enum ArrayUUID {
    /// The 32 lower-case hex digits of `text` in either form; nil if it is not a UUID.
    public static func normalized(_ text: String) -> String? {
        let digits = text.lowercased().filter { $0 != ":" && $0 != "-" }
        guard digits.count == 32, digits.allSatisfy(\.isHexDigit) else { return nil }
        return digits
    }

    /// mdadm's form: four groups of eight hex digits joined by `:`.
    public static func mdadmForm(_ text: String) -> String {
        guard let d = normalized(text) else { return text }
        let chars = Array(d)
        return stride(from: 0, to: 32, by: 8).map { String(chars[$0..<$0 + 8]) }.joined(separator: ":")
    }

    /// Whether two UUIDs, in whatever form, are the same.
    public static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, let x = normalized(a) else { return false }
        return x == normalized(b)
    }
}

extension Identity {
    /// An entry with `uuid:` is the array with that UUID: a partition belongs to it when the md
    /// superblock on it carries that array UUID, whatever the array's name or metadata version.
    static func matchesUUID(_ part: PartitionInfo, _ spec: ArraySpec) -> Bool? {
        guard let uuid = spec.uuid else { return nil }
        return part.signatures.contains { $0.isRaidMember && ArrayUUID.same($0.uuid, uuid) }
    }

    /// The running array an entry names: the one with its `uuid:` if it has one, else the one
    /// with its name (`host:name`), wherever the kernel put it.
    static func runningArray(_ inventory: Inventory, _ spec: ArraySpec, host: String) -> RunningArray? {
        if let uuid = spec.uuid { return inventory.arrays.first { ArrayUUID.same($0.uuid, uuid) } }
        let name = Planner.arrayName(host: host, spec)
        return inventory.arrays.first { $0.name == name }
    }
}
