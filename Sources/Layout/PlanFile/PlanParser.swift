/// Reads a plan file (YAML) into a validated `Plan`. Every error names the
/// line and the key at fault. The schema is documented in docs/plan-file.md and docs/man/diskplan.yaml.5.
public enum PlanParser {
    static let topKeys = ["host", "disks", "label", "firmware", "image", "alerts", "raid", "arrays", "guests", "spares"]
    static let alertKeys = ["mail", "program"]
    static let raidKeys = ["level", "chunk"]
    static let arrayKeys = ["name", "md", "size", "format", "mount", "label", "level", "chunk", "metadata", "uuid", "on"]
    static let guestKeys = ["name", "md", "size", "level", "chunk", "metadata", "uuid", "on"]

    /// N of /dev/mdN: the kernel's 20-bit minor numbers of the md major (md70000 checked in the rescue VM).
    public static let mdNumbers = 0...((1 << 20) - 1)

    /// Size of the ESP that `firmware: uefi` adds when the plan declares none.
    public static let defaultESPSize: UInt64 = 512 * Size.MiB

    public static func parse(_ text: String, file: String? = nil) throws(PlanError) -> Plan {
        let r = Reader(file: file)
        let parsed: YAMLNode?
        do {
            // Every scalar is text, checked here: no type is guessed from how a value looks.
            parsed = try YAML.compose(text)
        } catch {
            throw r.yamlError(error)
        }
        guard let root = parsed else { throw r.error(nil, nil, "the plan is empty") }
        return try r.plan(root)
    }
}

/// Walks the YAML tree; keeps the file name for errors.
struct Reader {
    typealias Node = YAMLNode

    let file: String?

    func error(_ node: Node?, _ key: String?, _ message: String) -> PlanError {
        PlanError(file: file, line: node.flatMap(line), key: key, message)
    }

    func line(_ node: Node) -> Int? {
        node.mark.line
    }

    func yamlError(_ e: YAMLError) -> PlanError {
        if let key = e.duplicateKey { return PlanError(file: file, line: e.mark.line, key: key, "given twice") }
        return PlanError(file: file, line: e.mark.line, column: e.mark.column, "not valid YAML: \(e.message)")
    }

    /// The pairs of a mapping, refusing unknown and repeated keys.
    func mapping(_ node: Node, _ path: String?, allowed: [String]) throws(PlanError) -> [String: (key: Node, value: Node)] {
        guard case .mapping(let m) = node else {
            throw error(node, path, path == nil ? "the plan must be a mapping of keys (host: ..., disks: ..., arrays: ...)" : "must be a mapping (key: value)")
        }
        var out: [String: (key: Node, value: Node)] = [:]
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw error(k, path, path == nil ? "the plan's keys must be plain words" : "keys must be plain words") }
            let name = ks.string
            let full = path.map { "\($0).\(name)" } ?? name
            guard allowed.contains(name) else {
                throw error(k, full, "unknown key (allowed here: \(allowed.joined(separator: ", ")))")
            }
            guard out[name] == nil else { throw error(k, full, "given twice") }
            out[name] = (k, v)
        }
        return out
    }

    func string(_ node: Node, _ key: String) throws(PlanError) -> String {
        guard case .scalar(let s) = node, !s.string.isEmpty, !s.isNull else {
            throw error(node, key, "must be a text value")
        }
        return s.string
    }

    func int(_ node: Node, _ key: String) throws(PlanError) -> Int {
        guard case .scalar(let s) = node, let v = Int(s.string) else {
            throw error(node, key, "must be a whole number")
        }
        return v
    }

    func size(_ node: Node, _ key: String, allowRest: Bool) throws(PlanError) -> UInt64? {
        guard case .scalar(let s) = node else { throw error(node, key, "must be a size such as 20G") }
        if s.string == "rest" {
            guard allowRest else { throw error(node, key, "`rest` is not allowed here") }
            return nil
        }
        guard let bytes = Size.parse(s.string) else {
            throw error(node, key, "'\(s.string)' is not a size: write a number with a binary unit K, M, G or T (G = GiB = 2^30 bytes), e.g. 20G or 512M")
        }
        guard bytes <= Size.maxBytes else { throw error(node, key, "'\(s.string)' is larger than any disk (at most \(Size.maxBytes >> 40)T)") }
        return bytes
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, _: T.Type) throws(PlanError) -> T where T.RawValue == String {
        let s = try string(node, key)
        guard let v = T(rawValue: s) else {
            throw error(node, key, "'\(s)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    func level(_ node: Node, _ key: String) throws(PlanError) -> RaidLevel {
        let text: String
        if case .scalar(let s) = node { text = s.string.lowercased() } else { text = "" }
        let digits = text.hasPrefix("raid") ? String(text.dropFirst(4)) : text
        guard let n = Int(digits), let l = RaidLevel(rawValue: n) else {
            throw error(node, key, "must be a RAID level: 0, 1, 5, 6 or 10")
        }
        return l
    }

    func chunk(_ node: Node, _ key: String) throws(PlanError) -> UInt64 {
        guard case .scalar(let s) = node, let bytes = Self.chunkBytes(s.string) else {
            throw error(node, key, "must be a size in K or M such as 512K")
        }
        guard bytes >= 4 * Size.KiB, bytes & (bytes - 1) == 0 else {
            throw error(node, key, "the chunk must be a power of two of at least 4K (page size); \(s.string) is not")
        }
        guard bytes <= ToolLimits.maxChunkBytes else {
            throw error(node, key, "\(s.string) is larger than the \(Size.human(ToolLimits.maxChunkBytes)) mdadm takes as a chunk")
        }
        return bytes
    }

    /// `uuid:` of an existing array, in mdadm's or libblkid's form; kept as 32 hex digits.
    func uuid(_ node: Node?, _ key: String) throws(PlanError) -> String? {
        guard let node else { return nil }
        let text = try string(node, key)
        guard let u = ArrayUUID.normalized(text) else {
            throw error(node, key, "'\(text)' is not an array UUID (as mdadm --detail prints it: 8:8:8:8 hex digits)")
        }
        return u
    }

    /// `1.2` and `1.0` for any array; `1.1` and `0.90` (no name in its superblock) only tie an entry to an existing array.
    func metadata(_ node: Node, _ key: String, uuid: String?) throws(PlanError) -> String {
        let v = try string(node, key)
        switch v {
        case "1.2", "1.0", "1.1": return v
        case "0.90", "0.90.0", "0.9":
            guard uuid != nil else {
                throw error(node, key, "metadata 0.90 superblocks hold no name: an entry with metadata 0.90 must name its existing array by uuid")
            }
            return "0.90"
        default: throw error(node, key, "'\(v)' is not supported: use 1.2 or 1.0 (1.1 and 0.90 for existing arrays)")
        }
    }

    /// Chunk sizes are small: parsed exactly, not rounded to MiB.
    static func chunkBytes(_ text: String) -> UInt64? {
        for (suffix, factor) in [("KiB", Size.KiB), ("K", Size.KiB), ("MiB", Size.MiB), ("M", Size.MiB)] where text.hasSuffix(suffix) {
            guard let n = UInt64(text.dropLast(suffix.count)) else { return nil }
            let (bytes, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : bytes
        }
        return nil
    }

    func plan(_ root: Node) throws(PlanError) -> Plan {
        let top = try mapping(root, nil, allowed: PlanParser.topKeys)
        guard let hostNode = top["host"]?.value else { throw error(root, "host", "missing: name the host (used as the arrays' homehost)") }
        let host = try string(hostNode, "host")
        if let problem = ToolLimits.hostProblem(host) { throw error(hostNode, "host", problem) }

        guard let disksEntry = top["disks"] else { throw error(root, "disks", "missing: list the disks, e.g. [/dev/sda, /dev/sdb]") }
        var (disks, sets) = try self.disks(disksEntry.value)
        var spares: Int?
        if let s = top["spares"] { (disks, sets, spares) = try self.spares(s.value, disks: disks, sets: sets) }

        let label = try top["label"].map { e throws(PlanError) in try choice(e.value, "label", TableType.self) } ?? .gpt
        let firmware = try top["firmware"].map { e throws(PlanError) in try choice(e.value, "firmware", Firmware.self) } ?? .bios
        if firmware.bootsUEFI, label == .msdos, let l = top["label"] {
            throw error(l.value, "label", "firmware: \(firmware.rawValue) needs label: gpt (the ESP on RAID1 is a GPT partition)")
        }

        var defaultLevel = RaidLevel.raid1
        var defaultChunk: UInt64?
        if let raid = top["raid"] {
            let m = try mapping(raid.value, "raid", allowed: PlanParser.raidKeys)
            if let l = m["level"] { defaultLevel = try level(l.value, "raid.level") }
            if let c = m["chunk"] { defaultChunk = try chunk(c.value, "raid.chunk") }
        }

        var entries: [(spec: ArraySpec, node: Node, mdGiven: Bool)] = []
        for (section, guest) in [("arrays", false), ("guests", true)] {
            guard let e = top[section] else { continue }
            guard case .sequence(let seq) = e.value else { throw error(e.value, section, "must be a list of entries") }
            for (i, item) in seq.enumerated() {
                let path = "\(section)[\(i)]"
                var (spec, mdGiven) = try array(item, path, guest: guest, level: defaultLevel, chunk: defaultChunk)
                if case .mapping(let m) = item, let on = m.pairs.first(where: { if case .scalar(let k) = $0.key { k.string == "on" } else { false } }) {
                    spec.set = try set(on.value, path, sets: sets)
                }
                entries.append((spec, item, mdGiven))
            }
        }
        let autoESP = firmware.bootsUEFI && !entries.contains(where: { $0.spec.isESP })
        if autoESP {
            // Added first: partition 1 holds the ESP, as firmware setups expect.
            let esp = ArraySpec(name: "esp", md: -1, sizeBytes: PlanParser.defaultESPSize, format: .vfat, mount: "/boot/efi",
                                fsLabel: "ESP", metadata: "1.0", line: top["firmware"].flatMap { line($0.value) })
            entries.insert((esp, top["firmware"]!.value, false), at: 0)
        }
        guard !entries.isEmpty else { throw error(root, "arrays", "the plan has no arrays and no guests") }
        var plan = Plan(host: host, disks: disks, label: label, firmware: firmware,
                        arrays: try checked(entries, autoESP: autoESP, host: host, firstSet: sets?.first?.name), disksLine: line(disksEntry.key))
        plan.sets = sets
        plan.spares = spares
        try checkSets(plan)
        plan.keyLines = top.compactMapValues { line($0.key) }
        plan.image = try top["image"].map { e throws(PlanError) in try image(e.value, plan) }
        plan.alerts = try top["alerts"].map { e throws(PlanError) in try alerts(e.value) }
        return plan
    }

    func array(_ node: Node, _ path: String, guest: Bool, level defaultLevel: RaidLevel, chunk defaultChunk: UInt64?) throws(PlanError) -> (ArraySpec, Bool) {
        let m = try mapping(node, path, allowed: guest ? PlanParser.guestKeys : PlanParser.arrayKeys)
        guard let nameNode = m["name"]?.value else { throw error(node, "\(path).name", "missing: every array needs a name") }
        let name = try string(nameNode, "\(path).name")
        if let problem = ToolLimits.nameProblem(name) { throw error(nameNode, "\(path).name", problem) }
        guard let sizeNode = m["size"]?.value else { throw error(node, "\(path).size", "missing: give a size such as 20G (or rest)") }
        let size = try self.size(sizeNode, "\(path).size", allowRest: true)
        let md = try m["md"].map { e throws(PlanError) in try int(e.value, "\(path).md") }
        if let md, !PlanParser.mdNumbers.contains(md) { throw error(m["md"]!.value, "\(path).md", "must be between 0 and \(PlanParser.mdNumbers.upperBound)") }
        let level = try m["level"].map { e throws(PlanError) in try self.level(e.value, "\(path).level") } ?? defaultLevel
        var chunk = try m["chunk"].map { e throws(PlanError) in try self.chunk(e.value, "\(path).chunk") } ?? defaultChunk
        if level == .raid1 {
            if let c = m["chunk"] { throw error(c.value, "\(path).chunk", "RAID1 has no chunk size (mdadm rejects --chunk for RAID1)") }
            chunk = nil
        } else if chunk == nil {
            chunk = 512 * Size.KiB
        }
        let format = try m["format"].map { e throws(PlanError) in try choice(e.value, "\(path).format", Format.self) } ?? .raw
        let mount = try m["mount"].map { e throws(PlanError) in try string(e.value, "\(path).mount") }
        if let mount, let node = m["mount"]?.value {
            if let problem = ToolLimits.mountProblem(mount) { throw error(node, "\(path).mount", problem) }
            guard format != .raw, format != .swap else {
                throw error(node, "\(path).mount", "only a file system can be mounted; give a format (ext4, xfs, vfat)")
            }
        }
        let fsLabel = try m["label"].map { e throws(PlanError) in try string(e.value, "\(path).label") }
        let isBootish = mount == "/boot" || mount == "/boot/efi"
        var metadata = isBootish ? "1.0" : "1.2"
        let uuid = try self.uuid(m["uuid"]?.value, "\(path).uuid")
        if let e = m["metadata"] { metadata = try self.metadata(e.value, "\(path).metadata", uuid: uuid) }
        if mount == "/boot/efi" {
            guard format == .vfat else { throw error(m["format"]?.value ?? node, "\(path).format", "the ESP (/boot/efi) must be vfat") }
            guard level == .raid1 else { throw error(m["level"]?.value ?? node, "\(path).level", "the ESP must be RAID1 so firmware can read each member") }
            guard metadata == "1.0" else { throw error(m["metadata"]!.value, "\(path).metadata", "the ESP needs metadata 1.0 (superblock at the end)") }
        }
        if format != .raw {
            // The label mkswap or mkfs receives: the given one, or the array's name.
            if let fsLabel, let node = m["label"]?.value, let problem = ToolLimits.labelProblem(fsLabel, format: format) {
                throw error(node, "\(path).label", problem)
            }
            if fsLabel == nil, let problem = ToolLimits.labelProblem(name, format: format) {
                throw error(nameNode, "\(path).name", "the name is the default label: \(problem); give a shorter `label`")
            }
        }
        let spec = ArraySpec(name: name, md: md ?? -1, sizeBytes: size, format: format, mount: mount, fsLabel: fsLabel,
                             level: level, chunkBytes: chunk, metadata: metadata, uuid: uuid, isGuest: guest, line: line(node))
        return (spec, md != nil)
    }
}
