/// The host's mdadm.conf after a live apply: its text kept as it is, with an
/// `ARRAY` line added for each array it does not list yet (by UUID).
public enum MdadmConf {
    /// `existing` with the lines of `arrayLines` (as `mdadm --detail --brief` prints them) whose
    /// array UUID it does not mention; and the lines added.
    public static func merged(_ existing: String, arrayLines: [String]) -> (text: String, added: [String]) {
        let known = Set(existing.split(separator: "\n").filter { $0.hasPrefix("ARRAY") }.compactMap { uuid(of: String($0)) })
        var seen = known
        var added: [String] = []
        for line in arrayLines where line.hasPrefix("ARRAY") {
            guard let u = uuid(of: line), seen.insert(u).inserted else { continue }
            added.append(line)
        }
        guard !added.isEmpty else { return (existing, []) }
        var text = existing
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        text += "# Added by diskplan apply\n" + added.joined(separator: "\n") + "\n"
        return (text, added)
    }

    /// ` spare-group=NAME` for an `ARRAY` line, or nothing: arrays of one group share their spares
    /// through mdadm's monitor.
    public static func spareGroup(_ name: String?) -> String {
        name.map { " spare-group=\($0)" } ?? ""
    }

    /// Whether `text` has an `ARRAY` line for the array `uuid` (either form).
    public static func lists(_ text: String, uuid: String) -> Bool {
        let want = ArrayUUID.normalized(uuid)
        return text.split(separator: "\n").contains { $0.hasPrefix("ARRAY") && want != nil && Self.uuid(of: String($0)) == want }
    }

    /// The array UUID of an `ARRAY` line (`UUID=8:8:8:8`), normalised.
    static func uuid(of line: String) -> String? {
        line.split(separator: " ").first { $0.hasPrefix("UUID=") }.flatMap { ArrayUUID.normalized(String($0.dropFirst(5))) }
    }

    /// The command that rebuilds the initramfs so early boot knows the new arrays, by /etc/os-release:
    /// Debian and Ubuntu `update-initramfs -u`; openSUSE, Fedora, RHEL and their kin `dracut -f`.
    public static func initramfsCommand(osRelease: String) -> [String]? {
        var ids: [String] = []
        for line in osRelease.split(separator: "\n") where line.hasPrefix("ID=") || line.hasPrefix("ID_LIKE=") {
            let value = line.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
            ids += value.filter { $0 != "\"" }.split(separator: " ").map(String.init)
        }
        if ids.contains(where: { ["debian", "ubuntu"].contains($0) }) { return ["update-initramfs", "-u"] }
        if ids.contains(where: { ["suse", "opensuse", "sles", "fedora", "rhel", "centos"].contains($0) || $0.hasPrefix("opensuse") }) { return ["dracut", "-f"] }
        return nil
    }

    /// `text` with the plan's alert lines: each replaces the first line of its keyword (MAILADDR,
    /// PROGRAM; Debian's default has `MAILADDR root`) and any repeat goes, or it is added.
    public static func withAlerts(_ text: String, _ alerts: Alerts?) -> String {
        guard let alerts else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (keyword, line) in alerts.confLines {
            let isIt = { (l: String) in l.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) == keyword }
            if let i = lines.firstIndex(where: isIt) {
                lines[i] = line
                lines = lines.enumerated().filter { $0.offset <= i || !isIt($0.element) }.map(\.element)
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
