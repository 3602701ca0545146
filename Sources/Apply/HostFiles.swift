public import Layout

/// What the admin installs next: mdadm.conf and fstab lines for the arrays.
public enum HostFiles {
    /// `ARRAY` lines as mdadm itself writes them (`mdadm --detail --brief`), with UUIDs and names.
    public static func mdadmConf(_ arrays: [PlannedArray], host: String, runner: any CommandRunner) throws -> String {
        var lines = [
            "# Written by diskplan. Arrays of host \(host); assemble with: mdadm --assemble --scan",
            "HOMEHOST \(host)",
        ]
        for a in arrays {
            let r = try runner.run(["mdadm", "--detail", "--brief", a.runningAs ?? a.md])
            // The planned node, whatever the array runs as here (udev's md127 on a rescue system).
            lines += r.stdout.split(separator: "\n").filter { $0.hasPrefix("ARRAY") }.map { line in
                var f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                if f.count > 1 { f[1] = a.md }
                return f.joined(separator: " ")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// fstab lines for the host's formatted arrays, by file system UUID.
    public static func fstab(_ arrays: [PlannedArray]) -> [String] {
        arrays.compactMap { a -> String? in
            guard !a.guest, a.format != "none" else { return nil }
            let sig = (try? Probe.disk(a.runningAs ?? a.md))?.signatures.first
            let what = sig?.uuid.map { "UUID=\($0)" } ?? a.md
            switch a.format {
            case "swap": return "\(what)  none  swap  sw  0  0  # \(a.md) \(a.name)"
            case "vfat": return "\(what)  \(a.mount ?? "/boot/efi")  vfat  umask=0077  0  1  # \(a.md) \(a.name)"
            default:
                guard let m = a.mount else { return nil }
                return "\(what)  \(m)  \(a.format)  defaults  0  \(m == "/" ? 1 : 2)  # \(a.md) \(a.name)"
            }
        }
    }
}
