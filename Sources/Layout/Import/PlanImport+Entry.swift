extension PlanImport {
    /// One plan entry with a comment per value.
    struct Entry {
        var name: String
        var nameNote: String
        var md: Int
        var mdNote: String
        var size: String
        var sizeNote: String
        var level: RaidLevel
        var levelNote: String
        var metadata: String
        var format: Format
        var formatNote: String
        var mount: String?
        var mountNote: String
        /// mdadm's form, where the name does not tie the array to the entry.
        var uuid: String?
        /// The set of disks it is on, when the disks form more than one set and it is not on the first.
        var on: String?
        var guest: Bool { format == .raw && mount == nil }
    }

    static func entry(_ a: Found, disks: [DiskInfo], members: Int, host: String, fstab: String, inventory: Inventory, usedMD: inout Set<Int>, taken: Set<String>) -> Entry {
        let member = a.parts[0]!
        let memberBytes = member.sizeBytes(disks[0])
        let (level, levelNote) = levelOf(a)
        let (num, den) = MDGeometry.dataFraction(level, disks: members)
        let data = memberBytes * num / den
        let sizeNote = "members #\(member.number): \(memberBytes) bytes each" + (data % Size.MiB == 0 ? "" : "; rounded up to whole MiB")
        let (format, formatNote) = formatOf(a, inventory: inventory)
        let (mount, mountNote) = format == .raw || format == .swap ? (nil, "") : mountOf(a, inventory: inventory, fstab: fstab)
        let (md, mdNote) = mdOf(a, usedMD: &usedMD)
        let (name, nameNote, tied) = nameOf(a, host: host, md: md, taken: taken)
        let version = Conflicts.metadataName(a.signature.version ?? "1.2")
        return Entry(name: name, nameNote: nameNote, md: md, mdNote: mdNote, size: sizeText((data + Size.MiB - 1) / Size.MiB * Size.MiB),
                     sizeNote: sizeNote, level: level, levelNote: levelNote, metadata: version, format: format, formatNote: formatNote,
                     mount: mount, mountNote: mountNote, uuid: tied ? nil : ArrayUUID.mdadmForm(a.uuid))
    }

    /// `4G` when whole GiB, else `1536M`.
    static func sizeText(_ bytes: UInt64) -> String {
        bytes % Size.GiB == 0 ? "\(bytes / Size.GiB)G" : "\(bytes / Size.MiB)M"
    }

    /// The level the kernel runs it at; else the one its superblock records.
    static func levelOf(_ a: Found) -> (RaidLevel, String) {
        let (name, source) = a.live.map { ($0.level, "the kernel runs it as") } ?? (a.signature.level ?? "", "its superblock records")
        guard !name.isEmpty else { return (.raid1, "not running here, and its superblock was not read: assumed 1") }
        guard let l = Int(name.dropFirst(4)).flatMap(RaidLevel.init(rawValue:)), name.hasPrefix("raid") else {
            return (.raid1, "\(source) \(name), which a plan cannot describe; assumed 1")
        }
        return (l, a.live.map { "as \($0.device) runs" } ?? "not running here: \(source) \(name)")
    }

    static func formatOf(_ a: Found, inventory: Inventory) -> (Format, String) {
        guard let r = a.live else { return stoppedFormat(a) }
        if inventory.uses(of: r.device).contains(where: { $0.kind == .swap }) { return (.swap, "active swap") }
        for s in r.signatures {
            if let f = Format(rawValue: s.type), f != .raw { return (f, "\(s.type) on \(r.device) (libblkid)") }
        }
        return (.raw, r.signatures.isEmpty ? "nothing on \(r.device) (libblkid)" : "\(r.signatures.map(\.type).joined(separator: ", ")) on \(r.device)")
    }

    /// A stopped RAID1's content, read through its member (`Signature.content`).
    static func stoppedFormat(_ a: Found) -> (Format, String) {
        guard let content = a.signature.content else { return (.raw, "not running here: its content was not looked at") }
        for s in content {
            if let f = Format(rawValue: s.type), f != .raw { return (f, "not running here: \(s.type) in its members' data area (libblkid)") }
        }
        return (.raw, content.isEmpty ? "not running here: nothing in its members' data area (libblkid)"
                    : "not running here: \(content.map(\.type).joined(separator: ", ")) in its members' data area")
    }

    /// Where the host mounts it now (/proc mounts), else where fstab says, by device or file system UUID.
    static func mountOf(_ a: Found, inventory: Inventory, fstab: String) -> (String?, String) {
        if let r = a.live, let m = inventory.uses(of: r.device).first(where: { $0.kind == .mounted }) { return (m.holder, "mounted there now") }
        let device = a.live?.device
        let fsUUID = a.live?.signatures.first?.uuid ?? a.signature.content?.first?.uuid
        for line in fstab.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard f.count >= 2, f[1].hasPrefix("/") else { continue }
            if (device != nil && f[0] == device) || (fsUUID != nil && f[0] == "UUID=\(fsUUID!)") { return (f[1], "fstab: \(f[0])") }
        }
        return (nil, "")
    }

    /// The running device's number; else the number its name says (`0` of `rescue:0`); else the next free one.
    static func mdOf(_ a: Found, usedMD: inout Set<Int>) -> (Int, String) {
        if let n = a.running.flatMap({ mdNumber($0.device) }) { return (n, "runs as /dev/md\(n)") }
        if let n = a.signature.preferredMinor, !usedMD.contains(n), n >= 0 {
            usedMD.insert(n)
            return (n, "not running here; the minor its 0.90 superblock prefers")
        }
        if let n = a.signature.label.flatMap({ $0.split(separator: ":").last }).flatMap({ Int($0) }), !usedMD.contains(n), n >= 0 {
            usedMD.insert(n)
            return (n, "not running here; the number its name says")
        }
        var n = 0
        while usedMD.contains(n) { n += 1 }
        usedMD.insert(n)
        return (n, "not running here; the next free number")
    }

    /// Its name, the comment, and whether the name alone ties it to the entry (`host:name` in its superblock).
    static func nameOf(_ a: Found, host: String, md: Int, taken: Set<String>) -> (String, String, Bool) {
        let parts = a.signature.label?.split(separator: ":", maxSplits: 1).map(String.init) ?? []
        let short = parts.last ?? ""
        let valid = !short.isEmpty && short.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } && !taken.contains(short)
        if parts.count == 2, parts[0] == host, valid {
            return (short, "superblock name \(host):\(short)", true)
        }
        let name = valid ? short : "md\(md)"
        let wildcard = parts.count == 2 && parts[0] == wildcardHost ? ", mdadm's wildcard home host" : ""
        let why = a.signature.label.map { "superblock name \($0) (not of host \(host)\(wildcard)): tied by uuid" }
            ?? "metadata \(Conflicts.metadataName(a.signature.version ?? "?")) holds no name: tied by uuid"
        return (taken.contains(name) ? "md\(md)-\(a.uuid.prefix(8))" : name, why, false)
    }

    static func render(host: String, paths: [String], spares: [String] = [], label: TableType, firmware: Firmware?, entries: [Entry], problems: [String],
                       sets: [(name: String, paths: [String], spares: [String])] = []) -> String {
        var out = [
            "# diskplan import: what \((paths + spares).joined(separator: ", ")) hold, as a plan.",
            problems.isEmpty ? "# `diskplan plan` of this file shows \"No changes\"; add guests with `diskplan add-guest`."
                : "# Not everything could be described (see the end): until that is dealt with, `diskplan plan` of this file does not show \"No changes\".",
            "host: \(host)  # homehost of new arrays" + (entries.contains { $0.uuid == nil } ? "; the host part of the array names" : ""),
        ]
        out += sets.isEmpty ? ["disks: [\(paths.joined(separator: ", "))]  # as given; /dev/disk/by-id/... names survive renumbering"]
            : ["disks:  # sets of disks that share no array (rename them freely, with each `on:`); the first boots the host"]
                + sets.map { "  \($0.name): [\($0.paths.joined(separator: ", "))]" }
        out += spareLines(spares, sets: sets)
        out += [
            "label: \(label.rawValue)  # the disks' partition table",
            "firmware: \((firmware ?? .bios).rawValue)  # " + firmwareNote(label, firmware),
        ]
        for (section, guest) in [("arrays", false), ("guests", true)] {
            let list = entries.filter { $0.guest == guest }
            guard !list.isEmpty else { continue }
            out.append("\(section):")
            for e in list { out += lines(e) }
        }
        if !problems.isEmpty {
            out.append("# Not described here (diskplan import exits 2 until they are dealt with):")
            out += problems.map { "#   - \($0)" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func firmwareNote(_ label: TableType, _ firmware: Firmware?) -> String {
        switch (label, firmware) {
        case (.msdos, _): "msdos: GRUB in the gap before partition 1"
        case (_, nil): "no bios_grub partition found"
        case (_, .uefi): "an array mounted on /boot/efi"
        case (_, .bios): "a bios_grub partition on every disk"
        case (_, .both): "a bios_grub partition on every disk and an array mounted on /boot/efi"
        }
    }

    static func lines(_ e: Entry) -> [String] {
        var out = ["  - name: \"\(e.name)\"  # \(e.nameNote)", "    md: \(e.md)  # \(e.mdNote)", "    size: \(e.size)  # \(e.sizeNote)",
                   "    level: \(e.level.rawValue)  # \(e.levelNote)", "    metadata: \"\(e.metadata)\"  # from the members' superblocks (libblkid)"]
        if !e.guest {
            out.append("    format: \(e.format.rawValue)  # \(e.formatNote)")
            if let m = e.mount { out.append("    mount: \(m)  # \(e.mountNote)") }
        }
        if let u = e.uuid { out.append("    uuid: \"\(u)\"  # the array UUID (mdadm --detail)") }
        if let on = e.on { out.append("    on: \(on)  # its members are on \(on)'s disks") }
        return out
    }
}
