public import Layout
import FoundationEssentials
import Platform

/// What the admin installs next: mdadm.conf and fstab lines for the arrays.
public enum HostFiles {
    /// `ARRAY` lines as mdadm itself writes them (`mdadm --detail --brief`), with UUIDs and names.
    public static func mdadmConf(_ arrays: [TargetArray], host: String, alerts: Alerts? = nil, runner: any CommandRunner) throws -> String {
        var lines = [
            "# Written by diskplan. Arrays of host \(host); assemble with: mdadm --assemble --scan",
            "HOMEHOST \(host)",
        ]
        for a in arrays { lines += try arrayLines(a, runner: runner) }
        return MdadmConf.withAlerts(lines.joined(separator: "\n") + "\n", alerts)
    }

    /// `mdadm --detail --brief` of the array, naming the planned node whatever it runs as
    /// here (udev's md127 on a rescue system).
    static func arrayLines(_ a: TargetArray, runner: any CommandRunner) throws -> [String] {
        let r = try runner.run(["mdadm", "--detail", "--brief", a.device])
        return r.stdout.split(separator: "\n").filter { $0.hasPrefix("ARRAY") }.map { line in
            var f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if f.count > 1 { f[1] = a.md }
            return f.joined(separator: " ") + (f.contains { $0.hasPrefix("spare-group=") } ? "" : MdadmConf.spareGroup(a.spareGroup))
        }
    }

    /// fstab lines for the host's formatted arrays, by file system UUID (as the install writes them).
    public static func fstab(_ arrays: [TargetArray]) -> [String] {
        HostFileText.fstabLines(arrays.filter { !$0.guest }.map { a in
            HostFileText.Entry(md: a.md, name: a.name, metadata: a.metadata, format: a.format, mount: a.mount,
                               contentUUID: (try? Probe.disk(a.device))?.signatures.first?.uuid)
        })
    }
}

extension HostFiles {
    /// Adds an `ARRAY` line for each of `arrays` that the mdadm.conf at `path` does not list yet,
    /// and sets the plan's `alerts` lines (`MAILADDR`, `PROGRAM`), keeping the old file as
    /// `PATH.diskplan-old`. Returns the lines added or changed (none: the file is untouched).
    public static func updateMdadmConf(at path: String, _ arrays: [TargetArray], alerts: Alerts? = nil, runner: any CommandRunner) throws -> [String] {
        let old = try String(contentsOfFile: path, encoding: .utf8)
        var lines: [String] = []
        for a in arrays { lines += try arrayLines(a, runner: runner) }
        let merged = MdadmConf.merged(old, arrayLines: lines)
        let text = MdadmConf.withAlerts(merged.text, alerts)
        let changed = merged.added + (text == merged.text ? [] : alerts?.confLines.map(\.line) ?? [])
        guard text != old else { return [] }
        let backup = path + ".diskplan-old"
        if FileManager.default.fileExists(atPath: backup) { try FileManager.default.removeItem(atPath: backup) }
        try FileManager.default.copyItem(atPath: path, toPath: backup)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return changed
    }

    /// The system's mdadm.conf: Debian's /etc/mdadm/mdadm.conf, else /etc/mdadm.conf; nil if neither exists.
    public static func systemMdadmConf() -> String? {
        ["/etc/mdadm/mdadm.conf", "/etc/mdadm.conf"].first { FileManager.default.fileExists(atPath: $0) }
    }

    /// This system's host name up to its first dot (`xen1` of `xen1.example.com`); nil when unknown.
    public static func shortHostName() -> String? {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count) == 0 else { return nil }
        let name = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let short = name.split(separator: ".").first.map(String.init) ?? ""
        return short.isEmpty ? nil : short
    }
}
