import Apply
import FoundationEssentials
public import Layout

/// The host's files after an apply: an mdadm.conf written where asked, the system's
/// mdadm.conf updated, and what to do about the initramfs.
public enum HostFileSteps {
    /// Writes mdadm.conf (ARRAY lines with UUIDs and names) to `path`; returns its text.
    public static func writeMdadmConf(_ arrays: [TargetArray], host: String, alerts: Alerts? = nil, to path: String) throws -> String {
        do {
            let text = try HostFiles.mdadmConf(arrays, host: host, alerts: alerts, runner: ProcessRunner())
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return text
        } catch {
            throw WorkflowError("writing \(path): \(error)")
        }
    }

    /// The system's mdadm.conf a live apply updates: `given`, else the distribution's if there.
    public static func systemMdadmConf(given: String?) -> String? {
        given ?? HostFiles.systemMdadmConf()
    }

    /// Adds an ARRAY line for each running array the file at `path` does not list, and the
    /// plan's alert lines (the old file kept as `.diskplan-old`); returns the lines added or
    /// changed. An array that does not run (a degraded one left inactive) has no line to give yet.
    public static func updateMdadmConf(at path: String, _ arrays: [TargetArray], alerts: Alerts? = nil) throws -> [String] {
        do {
            let running = arrays.filter { (MDSysfs().sizeBytes($0.device) ?? 0) > 0 }
            return try HostFiles.updateMdadmConf(at: path, running, alerts: alerts, runner: ProcessRunner())
        } catch {
            throw WorkflowError("updating \(path): \(error)")
        }
    }

    /// What to do about the initramfs once the system's mdadm.conf gained lines.
    /// `hostInstalled`: the plan installs the host (`image:`), whose own mdadm.conf and
    /// initramfs its install steps wrote.
    public static func initramfsAdvice(hostInstalled: Bool) -> String {
        if hostInstalled {
            return "The installed host has its own mdadm.conf and initramfs, written by the install steps.\n"
        }
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        if let command = MdadmConf.initramfsCommand(osRelease: osRelease) {
            return "Refresh the initramfs so that early boot knows the new arrays:\n  \(command.joined(separator: " "))\n"
        }
        return "Refresh the initramfs (as this distribution does it) so that early boot knows the new arrays.\n"
    }
}
