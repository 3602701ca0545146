/// The disk part of an installimage config (the installer of Hetzner's rescue
/// system): `DRIVE1..n`, `SWRAID`, `SWRAIDLEVEL`, `PART`, and what refuses a
/// conversion (`LV`, `SUBVOL`, encryption). Lines are `KEY value...`, words
/// separated by blanks; `#` starts a comment line. installimage reads the
/// first line of each key; here a key given twice is an error instead.
public struct InstallimageConfig: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var key: String
        public var words: [String]
        public var text: String
    }

    /// `PART <mount> <fs> <size> [crypt]`.
    public struct Part: Sendable, Equatable {
        public var mount: String
        public var fs: String
        /// MiB, or nil for `all`.
        public var sizeMiB: UInt64?
        public var sizeText: String
        public var line: Line
    }

    public var drives: [Line] = []
    public var swraid: Line?
    public var swraidLevel: Line?
    public var hostname: Line?
    public var forceGPT: Line?
    public var raidLayout: Line?
    public var assumeClean: Line?
    public var parts: [Part] = []
    /// Lines of keys that do not describe arrays (IMAGE, BOOTLOADER, FORMATDRIVE2, ...), in order.
    public var others: [Line] = []
    public var file: String?

    public static func parse(_ text: String, file: String? = nil) throws(PlanError) -> InstallimageConfig {
        var c = InstallimageConfig(file: file)
        var seen: [String: Int] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let key = words.first, !key.hasPrefix("#") else { continue }
            let line = Line(number: i + 1, key: key, words: Array(words.dropFirst()), text: words.joined(separator: " "))
            if key != "PART", key != "LV", key != "SUBVOL" {
                if let first = seen[key] { throw c.error(line, "\(key) is given twice (first on line \(first))") }
                seen[key] = line.number
            }
            try c.take(line)
        }
        return c
    }

    func error(_ line: Line?, _ message: String) -> PlanError {
        PlanError(file: file, line: line?.number, key: line?.key, message)
    }

    private mutating func take(_ line: Line) throws(PlanError) {
        switch line.key {
        case "SWRAID": swraid = line
        case "SWRAIDLEVEL": swraidLevel = line
        case "HOSTNAME": hostname = line
        case "FORCE_GPT": forceGPT = line
        case "RAID_LAYOUT": raidLayout = line
        case "RAID_ASSUME_CLEAN": assumeClean = line
        case "PART": parts.append(try part(line))
        case "LV":
            throw error(line, "diskplan makes no LVM logical volumes. Give each file system its own array (PART /mount fs size) instead of a volume group")
        case "SUBVOL":
            throw error(line, "diskplan makes no btrfs subvolumes; it formats swap, ext4, xfs and vfat")
        case "CRYPTPASSWORD", "CRYPT":
            throw error(line, "diskplan does not encrypt (no LUKS); it builds the arrays, and encryption would go on top of them")
        default:
            if line.key.hasPrefix("DRIVE"), let n = Int(line.key.dropFirst(5)) {
                guard n == drives.count + 1 else {
                    throw error(line, "drives must be numbered DRIVE1, DRIVE2, ... in order without gaps, as installimage reads them")
                }
                guard line.words.count == 1 else { throw error(line, "must name one disk, e.g. DRIVE\(n) /dev/sda") }
                drives.append(line)
            } else {
                others.append(line)
            }
        }
    }

    /// Checks one PART line as installimage does, and what diskplan cannot make.
    private func part(_ line: Line) throws(PlanError) -> Part {
        let w = line.words
        guard w.count >= 3 else { throw error(line, "needs PART <mount> <filesystem> <size>, e.g. PART /boot ext4 1G") }
        let (mount, fs, size) = (w[0], w[1], w[2])
        if w.count > 3 {
            if w[3] == "crypt" {
                throw error(line, "diskplan does not encrypt (no LUKS); it builds the arrays, and encryption would go on top of them")
            }
            throw error(line, "'\(w[3...].joined(separator: " "))' after the size is not understood")
        }
        if mount == "lvm" {
            throw error(line, "lvm: diskplan makes no LVM volume groups. Give each file system its own array (PART /mount fs size) instead")
        }
        if mount.hasPrefix("btrfs.") || fs == "btrfs" || fs == "reiserfs" {
            throw error(line, "diskplan formats swap, ext4, xfs and vfat (or leaves an array raw with PART none none); not \(fs)")
        }
        guard mount == "none" || mount == "swap" || mount.hasPrefix("/") else {
            throw error(line, "'\(mount)' is not a mount point: use /path, swap or none")
        }
        let known = ["ext2", "ext3", "ext4", "xfs", "swap", "esp", "none", "bios_grub"]
        guard known.contains(fs) else { throw error(line, "'\(fs)' is not a file system installimage knows (\(known.joined(separator: ", ")))") }
        if (mount == "swap") != (fs == "swap") { throw error(line, "swap is written PART swap swap SIZE") }
        if fs == "none", mount != "none" { throw error(line, "no file system, but mounted on \(mount) (installimage refuses this too)") }
        if fs == "esp", mount != "/boot/efi" { throw error(line, "the ESP (esp) must be mounted on /boot/efi") }
        if size == "all" { return Part(mount: mount, fs: fs, sizeMiB: nil, sizeText: size, line: line) }
        guard let mib = Self.mebibytes(size) else {
            throw error(line, "'\(size)' is not a size installimage reads: a whole number with M, G or T (MiB, GiB, TiB), a bare number is MiB, or all")
        }
        return Part(mount: mount, fs: fs, sizeMiB: mib, sizeText: size, line: line)
    }

    /// installimage's sizes: whole numbers in MiB, or with M/MiB, G/GiB, T/TiB.
    static func mebibytes(_ text: String) -> UInt64? {
        for (suffix, factor) in [("MiB", 1), ("GiB", 1024), ("TiB", 1 << 20), ("M", 1), ("G", 1024), ("T", 1 << 20)] as [(String, UInt64)]
        where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = UInt64(digits), n > 0 else { return nil }
            return n.multipliedReportingOverflow(by: factor).overflow ? nil : n * factor
        }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let n = UInt64(text), n > 0 else { return nil }
        return n
    }
}
