/// Turns an installimage config into a plan file: the same arrays, in the same
/// order and sizes, with a comment wherever diskplan does something other than
/// installimage would (member sizes, names, bitmap, metadata, table type).
public enum InstallimageConverter {
    /// The plan file's text. `host` replaces the config's HOSTNAME.
    public static func convert(_ text: String, file: String? = nil, host: String? = nil) throws(PlanError) -> String {
        let config = try InstallimageConfig.parse(text, file: file)
        let converted = try Conversion(config, host: host)
        let yaml = converted.yaml(source: file ?? "the installimage config")
        do {
            _ = try PlanParser.parse(yaml, file: "converted plan")
        } catch {
            throw PlanError(file: file, "the converted plan does not read back: \(error.description)")
        }
        return yaml
    }
}

/// The plan an installimage config describes, with the notes for its reader.
struct Conversion {
    typealias Line = InstallimageConfig.Line

    struct Entry {
        var name: String
        var size: String
        var format: Format
        var mount: String?
        /// Only where it differs from the plan's `raid.level`.
        var level: RaidLevel?
        var source: Line
        var notes: [String] = []
    }

    var host: String
    var hostLine: Line?
    var disks: [String]
    var level: RaidLevel
    var levelGiven: Bool
    var firmware: Firmware = .bios
    var entries: [Entry] = []
    /// Differences that concern the whole plan, and what was left out.
    var notes: [String] = []
    var labelNotes: [String] = []
    /// IMAGE, when it names a file (installimage also takes URLs, which diskplan does not fetch).
    var image: String?

    init(_ c: InstallimageConfig, host: String?) throws(PlanError) {
        guard let swraid = c.swraid, swraid.words == ["1"] else {
            throw c.error(c.swraid, (c.swraid == nil ? "missing: " : "") + "diskplan builds software RAID only; without SWRAID 1 installimage installs on DRIVE1 alone")
        }
        level = try Self.level(c)
        levelGiven = c.swraidLevel != nil
        disks = c.drives.map { $0.words[0] }
        guard disks.count >= max(2, level.minimumDisks) else {
            throw c.error(c.swraidLevel ?? swraid, "\(level.displayName) needs at least \(max(2, level.minimumDisks)) drives; the config names \(disks.count) (DRIVE1, DRIVE2, ...)")
        }
        if let format = c.others.first(where: { $0.key.hasPrefix("FORMATDRIVE") }) {
            throw c.error(format, "installimage refuses FORMATDRIVE together with SWRAID 1; every drive is a member here")
        }
        (self.host, hostLine) = try Self.host(c, override: host)
        image = c.others.first { $0.key == "IMAGE" }?.words.first.flatMap { $0.contains("://") ? nil : $0 }
        try convertParts(c)
        addNotes(c)
    }

    static func level(_ c: InstallimageConfig) throws(PlanError) -> RaidLevel {
        guard let line = c.swraidLevel else { return .raid1 }  // installimage's default
        guard line.words.count == 1, let n = Int(line.words[0]), let l = RaidLevel(rawValue: n) else {
            throw c.error(line, "must be 0, 1, 5, 6 or 10")
        }
        return l
    }

    static func host(_ c: InstallimageConfig, override: String?) throws(PlanError) -> (String, Line?) {
        let name = override ?? c.hostname?.words.first.map { String($0.split(separator: ".").first ?? "") }
        guard let name else {
            throw PlanError(file: c.file, key: "HOSTNAME", "missing: diskplan needs a host name for the arrays' homehost; pass --host NAME")
        }
        guard !name.isEmpty, name.count <= 24, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw c.error(override == nil ? c.hostname : nil, "'\(name)' is not a short host name diskplan can use as homehost (letters, digits, '-'; at most 24); pass --host NAME")
        }
        return (name, override == nil ? c.hostname : nil)
    }

    mutating func convertParts(_ c: InstallimageConfig) throws(PlanError) {
        let parts = c.parts.filter { $0.fs != "bios_grub" }
        guard !parts.isEmpty else { throw PlanError(file: c.file, key: "PART", "the config has no PART lines: there is nothing to build") }
        if c.parts.count != parts.count {
            notes.append("PART bios_grub is left out: with firmware bios on GPT, diskplan makes the 1 MiB bios_grub partition on every disk itself.")
        }
        var mounts: [String: Int] = [:]
        for (i, part) in parts.enumerated() {
            if part.sizeMiB == nil, i != parts.count - 1 {
                throw c.error(part.line, "only the last PART may be 'all' (installimage gives it the rest of the disk)")
            }
            if part.mount != "none" {
                if let first = mounts[part.mount] { throw c.error(part.line, "\(part.mount) is given twice (first on line \(first))") }
                mounts[part.mount] = part.line.number
            }
            if part.fs == "esp" { firmware = .uefi }
            var e = entry(part, index: i, total: parts.count)
            guard host.utf8.count + 1 + e.name.utf8.count <= 32 else {
                throw c.error(part.line, "the array name '\(host):\(e.name)' is longer than the 32 bytes mdadm stores; pass a shorter --host")
            }
            if entries.contains(where: { $0.name == e.name }) { e.name += "-\(i)" }
            entries.append(e)
        }
    }

    func entry(_ part: InstallimageConfig.Part, index: Int, total: Int) -> Entry {
        var e = Entry(name: Self.name(part, index: index), size: part.sizeMiB == nil ? "rest" : Self.size(part.sizeText),
                      format: .raw, mount: part.mount.hasPrefix("/") ? part.mount : nil, source: part.line)
        switch part.fs {
        case "swap": e.format = .swap
        case "xfs": e.format = .xfs
        case "esp": e.format = .vfat
        case "none": e.notes.append("raw, like PART none none: an array without a file system (a VM's disk can go under guests: instead)")
        default:
            e.format = .ext4
            if part.fs != "ext4" { e.notes.append("formatted ext4 (installimage: \(part.fs)); diskplan makes swap, ext4, xfs and vfat") }
        }
        if part.mount == "/boot" || part.mount == "/boot/efi" {
            if level != .raid1 { e.level = .raid1; e.notes.append("RAID1, as installimage makes \(part.mount) whatever SWRAIDLEVEL says") }
        } else if part.mount == "swap" {
            if level != .raid1, level != .raid0 { e.level = .raid1; e.notes.append("RAID1, as installimage makes swap unless SWRAIDLEVEL is 0") }
        } else if level == .raid10, disks.count % 2 == 1, part.sizeMiB != nil {
            e.notes.append("installimage would size each member \(part.sizeText) / \(disks.count / 2) (whole drives), making the array larger than \(part.sizeText); here \(part.sizeText) is what the array holds")
        }
        if part.mount == "/boot" {
            e.notes.append("metadata 1.0 (installimage: 1.2): the superblock sits at the end, so GRUB and a rescue system can read a member as a plain file system")
        }
        if part.sizeMiB == nil {
            e.notes.append("rest: every member is the same size on every disk, set by the smallest disk; installimage sizes this last partition per disk, and md uses only as much of each member as of the smallest")
        }
        return e
    }

    /// The array's name from its mount point: `/` root, `/var/lib/vz` var-lib-vz, none raw1.
    static func name(_ part: InstallimageConfig.Part, index: Int) -> String {
        switch part.mount {
        case "/": return "root"
        case "/boot/efi": return "esp"
        case "swap": return "swap"
        case "none": return "raw\(index)"
        default:
            let words = part.mount.split(separator: "/").map { w in
                String(w.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") ? $0 : "-" })
            }
            return words.joined(separator: "-")
        }
    }

    /// installimage's size in the plan's words: a bare number is MiB there; the units mean the same.
    static func size(_ text: String) -> String {
        text.allSatisfy(\.isASCIIDigit) ? text + "M" : text
    }

    mutating func addNotes(_ c: InstallimageConfig) {
        notes.insert(contentsOf: [
            "Arrays are created with --name \(host):NAME and --homehost \(host); installimage names none, so mdadm names them after the rescue system (rescue:0, rescue:1, ...).",
            "Redundant arrays get an internal write-intent bitmap (installimage: none): after a crash or a re-added disk, md resyncs only what changed.",
            "The drives keep installimage's names. /dev/sdX and NVMe names can change order between boots; /dev/disk/by-id/... names do not.",
        ], at: 0)
        if let l = c.raidLayout {
            notes.append("RAID_LAYOUT \(l.words.joined(separator: " ")) is not carried over: diskplan creates arrays with md's default layout.")
        }
        if c.assumeClean != nil {
            notes.append("RAID_ASSUME_CLEAN is not carried over: diskplan lets md do its initial resync.")
        }
        if let i = c.others.first(where: { $0.key == "IMAGE" }), image == nil {
            notes.append("IMAGE \(i.words.first ?? "") is not a local file: diskplan installs from a file; download it and give its path in image:.")
        }
        if let b = c.others.first(where: { $0.key == "BOOTLOADER" }), b.words.first?.lowercased() != "grub" {
            notes.append("BOOTLOADER \(b.words.joined(separator: " ")): diskplan installs GRUB, on every disk.")
        }
        let others = c.others.map(\.key).filter { !["RAID_LAYOUT", "RAID_ASSUME_CLEAN", "IMAGE", "BOOTLOADER"].contains($0) }
        if !others.isEmpty {
            notes.append("Not about the disks, so left to installimage: \(others.joined(separator: ", ")).")
        }
        let forced = c.forceGPT.map { $0.words.first == "1" || $0.words.first == "2" } ?? false
        if firmware == .bios {
            if !forced {
                labelNotes.append("installimage writes an MS-DOS table on disks below 2 TiB in BIOS mode (unless FORCE_GPT);")
                labelNotes.append("diskplan writes GPT, which GRUB boots in BIOS mode from a bios_grub partition. label: msdos gives installimage's table (disks below 2 TiB).")
            }
            labelNotes.append("On GPT, partition 1 is the 1 MiB bios_grub and the members follow as 2, 3, ... (installimage: members 1, 2, ..., bios_grub last).")
        }
    }
}
