/// What the tools that receive a plan's values accept. The parser checks
/// every value against these when it reads the plan, so that no command
/// fails, or silently cuts a value short, halfway through an apply.
///
/// Each label limit is the tool's own: Tests/ApplyTests/Run/ToolLimitTests runs
/// mke2fs 1.47, mkswap (util-linux 2.38), mkfs.fat 4.2 and mkfs.xfs 6.1 on
/// image files with the longest label accepted here and one byte more. The
/// md name rules are mdadm 4.3's (`is_name_posix_compatible`,
/// `ident_check_name`; 4.2 is more lenient).
public enum ToolLimits {
    /// The most bytes of a label each formatter writes whole.
    public static func labelBytes(_ format: Format) -> Int {
        switch format {
        case .ext4: 16  // s_volume_name[16]; mke2fs truncates a longer label with a warning
        case .xfs: 12   // sb_fname[12]; mkfs.xfs refuses a longer label
        case .vfat: 11  // the boot sector's volume label; mkfs.fat refuses a longer label
        case .swap: 15  // volume_name[16] holds a terminating NUL; mkswap truncates to 15 bytes
        case .raw: 0
        }
    }

    /// Characters mkfs.fat refuses in a label (besides control characters and non-ASCII).
    public static let vfatForbidden: Set<Character> = Set("*?.,;:/\\|+=<>[]\"")

    /// The label as the formatter receives it: mkfs.fat gets it in capitals.
    public static func labelAsWritten(_ label: String, format: Format) -> String {
        format == .vfat ? label.uppercased() : label
    }

    /// Why `label` cannot be given to the tool that makes `format`, or nil when it can.
    public static func labelProblem(_ label: String, format: Format) -> String? {
        let written = labelAsWritten(label, format: format)
        let limit = labelBytes(format)
        if written.unicodeScalars.contains(where: isControl) {
            return "'\(escaped(label))' holds a control character; a label is printable text"
        }
        if format == .vfat {
            if !written.unicodeScalars.allSatisfy(\.isASCII) {
                return "'\(label)' is not plain ASCII, which mkfs.fat requires of a vfat label"
            }
            if let bad = written.first(where: vfatForbidden.contains) {
                return "'\(label)' holds '\(bad)'; mkfs.fat refuses labels with any of \(String(vfatForbidden.sorted()))"
            }
        }
        if written.utf8.count > limit {
            return "'\(label)' is \(written.utf8.count) bytes, longer than the \(limit) bytes a \(format.rawValue) label holds"
        }
        return nil
    }

    /// Why an array's name cannot be its md name (`--name`) and the second half of
    /// its GPT partition name, or nil. mdadm 4.3 takes only the POSIX portable
    /// file-name characters, not starting with '-' or '.'.
    public static func nameProblem(_ name: String) -> String? {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            return "'\(escaped(name))' may hold only letters, digits, '-', '_' and '.'"
        }
        if let first = name.first, first == "-" || first == "." {
            return "'\(name)' may not start with '\(first)' (mdadm refuses such array names)"
        }
        return nil
    }

    /// The longest host name: arrays are named `host:name` in mdadm's 32 bytes.
    public static let hostBytes = 24

    /// Why `host` cannot be the arrays' `--homehost`, or nil.
    public static func hostProblem(_ host: String) -> String? {
        guard !host.isEmpty, host.utf8.count <= hostBytes, host.first != "-",
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            return "'\(escaped(host))' must be a short host name (ASCII letters, digits and '-', not starting with '-'; at most \(hostBytes))"
        }
        if host == "any" {
            return "'any' is mdadm's wildcard home host (arrays of host any assemble on every machine); name the host"
        }
        return nil
    }

    /// Why `mount` cannot go into an fstab line, or nil. fstab separates its fields by blanks.
    public static func mountProblem(_ mount: String) -> String? {
        guard mount.hasPrefix("/") else { return "'\(escaped(mount))' must be an absolute path" }
        if mount.unicodeScalars.contains(where: { isControl($0) || $0.properties.isWhitespace }) {
            return "'\(escaped(mount))' holds a blank or control character, which would split its fstab line"
        }
        return nil
    }

    /// mdadm reads `--chunk` into an int of 512-byte sectors: at most 2^30 sectors as a power of two.
    public static let maxChunkBytes: UInt64 = 512 << 30

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7f...0x9f).contains(s.value)
    }

    /// The text with control characters written as escapes, for messages.
    static func escaped(_ text: String) -> String {
        String(text.unicodeScalars.map { isControl($0) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }
}
