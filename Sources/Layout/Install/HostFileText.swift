/// The host's /etc/fstab and /etc/mdadm/mdadm.conf as the plan wants them:
/// pure text, from the arrays and the UUIDs their contents carry.
public enum HostFileText {
    /// One host array as fstab and mdadm.conf name it.
    public struct Entry: Sendable, Codable, Equatable {
        /// The planned node: `/dev/md2`.
        public var md: String
        /// `host:name`.
        public var name: String
        public var metadata: String
        public var format: Format
        public var mount: String?
        /// The array's UUID (32 hex digits), once it exists.
        public var arrayUUID: String?
        /// The UUID of the file system or swap on it, once made.
        public var contentUUID: String?
        /// Its mdadm.conf `spare-group`, for an array with spares.
        public var spareGroup: String?

        public init(md: String, name: String, metadata: String, format: Format, mount: String?, arrayUUID: String? = nil, contentUUID: String? = nil) {
            self.md = md
            self.name = name
            self.metadata = metadata
            self.format = format
            self.mount = mount
            self.arrayUUID = arrayUUID
            self.contentUUID = contentUUID
        }
    }

    /// fstab lines for the host's swap and mounted file systems, by UUID (the md node without one).
    public static func fstabLines(_ entries: [Entry]) -> [String] {
        entries.compactMap { e -> String? in
            let what = e.contentUUID.map { "UUID=\($0)" } ?? e.md
            switch e.format {
            case .raw: return nil
            case .swap: return "\(what)  none  swap  sw  0  0  # \(e.md) \(e.name)"
            case .vfat: return "\(what)  \(e.mount ?? "/boot/efi")  vfat  umask=0077  0  1  # \(e.md) \(e.name)"
            case .ext4, .xfs:
                guard let m = e.mount else { return nil }
                return "\(what)  \(m)  \(e.format.rawValue)  defaults  0  \(m == "/" ? 1 : 2)  # \(e.md) \(e.name)"
            }
        }
    }

    /// `existing` with each wanted line in place of the line for the same mount point (swap:
    /// the same device), the others appended; every other line kept. Debian's placeholder
    /// `# UNCONFIGURED FSTAB FOR BASE SYSTEM` goes.
    public static func fstab(_ existing: String, wanted: [String]) -> String {
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        lines.removeAll { $0.trimmedSpaces() == "# UNCONFIGURED FSTAB FOR BASE SYSTEM" }
        for w in wanted {
            if let i = lines.firstIndex(where: { sameEntry($0, w) }) {
                lines[i] = w
            } else {
                lines.append(w)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Two fstab lines for the same place: the same mount point, or (swap) the same device.
    static func sameEntry(_ a: String, _ b: String) -> Bool {
        let fa = fields(a), fb = fields(b)
        guard fa.count >= 3, fb.count >= 3 else { return false }
        if fb[2] == "swap" { return fa[2] == "swap" && fa[0] == fb[0] }
        return fa[1] == fb[1]
    }

    static func fields(_ line: String) -> [Substring] {
        guard !line.trimmedSpaces().hasPrefix("#") else { return [] }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// `ARRAY` lines as mdadm writes them: the planned node, metadata, UUID and name.
    public static func arrayLines(_ entries: [Entry]) -> [String] {
        entries.compactMap { e in
            e.arrayUUID.map { "ARRAY \(e.md) metadata=\(e.metadata) UUID=\(ArrayUUID.mdadmForm($0)) name=\(e.name)" + MdadmConf.spareGroup(e.spareGroup) }
        }
    }

    /// `existing` with `HOMEHOST host` (in place of any other HOMEHOST line), the plan's alert
    /// lines (MAILADDR, PROGRAM) and an `ARRAY` line for each array it does not list by UUID.
    public static func mdadmConf(_ existing: String, host: String, entries: [Entry], alerts: Alerts? = nil) -> String {
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let homehost = "HOMEHOST \(host)"
        if let i = lines.firstIndex(where: { $0.hasPrefix("HOMEHOST") }) {
            lines[i] = homehost
            lines.removeAll { $0.hasPrefix("HOMEHOST") && $0 != homehost }
        } else {
            lines.append(homehost)
        }
        let text = MdadmConf.withAlerts(lines.joined(separator: "\n") + "\n", alerts)
        return MdadmConf.merged(text, arrayLines: arrayLines(entries)).text
    }

    /// A short, stable digest of `text` (FNV-1a, 64 bits, hex) to record which input a step saw.
    public static func digest(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
