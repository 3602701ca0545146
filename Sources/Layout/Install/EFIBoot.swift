/// The firmware's boot entries, as the EFI variables hold them: `Boot####`
/// (each an EFI_LOAD_OPTION, UEFI 2.10 §3.1.3) and `BootOrder`. Read where the
/// system runs under UEFI and has its variables (efivarfs); a rescue system
/// started in legacy mode has none.
public struct EFIBoot: Sendable, Codable, Equatable {
    public var entries: [EFIBootEntry]
    /// `BootOrder`: entry numbers, first tried first.
    public var order: [UInt16]

    public init(entries: [EFIBootEntry] = [], order: [UInt16] = []) {
        self.entries = entries
        self.order = order
    }

    /// The entry whose hard-drive node names the GPT partition `uuid` (any case).
    public func entry(forPartition uuid: String) -> EFIBootEntry? {
        entries.first { $0.partitionUUID == uuid.lowercased() }
    }
}

/// One `Boot####` variable.
public struct EFIBootEntry: Sendable, Codable, Equatable {
    public var number: UInt16
    public var label: String
    /// The partition GUID of its hard-drive node (lowercase); nil for an entry without one
    /// (a whole removable disk, the network, the shell).
    public var partitionUUID: String?
    /// The file path node: `\EFI\BOOT\BOOTX64.EFI`.
    public var loader: String?

    public init(number: UInt16, label: String, partitionUUID: String? = nil, loader: String? = nil) {
        self.number = number
        self.label = label
        self.partitionUUID = partitionUUID
        self.loader = loader
    }

    /// `Boot0003`.
    public var name: String { "Boot" + hex4(number) }

    /// Parses the load option as efivarfs gives it, after its four attribute bytes:
    /// attributes (4), the device path list's length (2), the description (UCS-2, NUL-ended),
    /// then the device path nodes. nil when it is too short to be one.
    public static func parse(number: UInt16, _ b: [UInt8]) -> EFIBootEntry? {
        guard b.count >= 8 else { return nil }
        let pathLength = Int(le(b, 4, 2))
        var i = 6
        var units: [UInt16] = []
        while i + 1 < b.count, le(b, i, 2) != 0 { units.append(UInt16(le(b, i, 2))); i += 2 }
        i += 2
        guard i + pathLength <= b.count else { return nil }
        var entry = EFIBootEntry(number: number, label: String(decoding: units, as: UTF16.self))
        entry.readPath(Array(b[i..<i + pathLength]))
        return entry
    }

    /// Device path nodes: type, subtype, length (2), data. Media (4): hard drive (1), file path (4).
    mutating func readPath(_ p: [UInt8]) {
        var i = 0
        while i + 4 <= p.count {
            let type = p[i], sub = p[i + 1], len = Int(Self.le(p, i + 2, 2))
            guard len >= 4, i + len <= p.count, type != 0x7f else { return }
            let node = Array(p[i + 4..<i + len])
            if type == 4, sub == 1, node.count >= 38, node[37] == 2 { partitionUUID = Self.guid(Array(node[20..<36])) }
            if type == 4, sub == 4 {
                let units = stride(from: 0, to: node.count - 1, by: 2).map { UInt16(Self.le(node, $0, 2)) }.prefix { $0 != 0 }
                loader = String(decoding: Array(units), as: UTF16.self)
            }
            i += len
        }
    }

    static func le(_ b: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
        (0..<n).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * $1) }
    }

    /// A GUID's 16 bytes as text: the first three fields little-endian, the rest in order.
    static func guid(_ g: [UInt8]) -> String {
        let hex = { (bytes: [UInt8]) in bytes.map { hex2($0) }.joined() }
        return [hex(g[0..<4].reversed()), hex(g[4..<6].reversed()), hex(g[6..<8].reversed()), hex(Array(g[8..<10])), hex(Array(g[10..<16]))]
            .joined(separator: "-")
    }

    /// The entry's label for a disk: `HOST (vdb)`, which names the disk it boots from.
    public static func label(host: String, disk: String) -> String {
        "\(host) (\(disk.split(separator: "/").last.map(String.init) ?? disk))"
    }
}

func hex2(_ b: UInt8) -> String {
    (b < 16 ? "0" : "") + String(b, radix: 16)
}

func hex4(_ n: UInt16) -> String {
    (hex2(UInt8(n >> 8)) + hex2(UInt8(n & 0xff))).uppercased()
}
