import FoundationEssentials
public import Layout
import Platform

/// What `apply` and `replace-disk` check before their first write, so that a run
/// that cannot finish writes nothing: the md driver (loaded if it can be), every
/// tool the actions run (present, with a usable version), root, disks that can
/// be written, and memory for the run. Each problem says what to install or load.
public struct Preflight {
    let runner: any CommandRunner
    /// `/proc/mdstat`; the md driver is there when this file is.
    let mdstat: String
    /// Reads `mdstat`.
    let mdState: MDSysfs
    let meminfo: String
    let isRoot: Bool

    public init(runner: any CommandRunner = ProcessRunner(), mdstat: String = "/proc/mdstat", meminfo: String = "/proc/meminfo",
                isRoot: Bool? = nil) {
        self.runner = runner
        self.mdstat = mdstat
        self.mdState = MDSysfs(mdstat: mdstat)
        self.meminfo = meminfo
        self.isRoot = isRoot ?? (geteuid() == 0)
    }

    /// Every problem found; empty when the actions can run.
    public func problems(_ actions: [Action], disks: [DiskInfo]) -> [String] {
        let md = actions.contains(where: \.usesMD)
        var out: [String] = []
        if md { out += mdDriver(levels: Self.levels(actions)) }
        out += tools(actions)
        if !isRoot, md || disks.contains(where: \.isBlockDevice) {
            out.append("not running as root: writing partition tables of block devices and running mdadm need root; run it as root (sudo)")
        }
        out += disks.compactMap(Self.readOnly)
        if let m = Posix.sysfs(meminfo), let p = Self.memoryProblem(meminfo: m) { out.append(p) }
        return out
    }

    /// The md personalities the new arrays need (`raid1` for `--level=1`).
    static func levels(_ actions: [Action]) -> [String] {
        let named = actions.filter { $0.kind == .createArray }.flatMap { $0.argv ?? [] }
            .compactMap { $0.hasPrefix("--level=") ? personality(String($0.dropFirst(8))) : nil }
        return named.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    static func personality(_ level: String) -> String {
        switch level {
        case "4", "5", "6": "raid456"
        case "linear": "linear"
        default: "raid" + level
        }
    }

    /// The md driver and each personality: there, or loaded now by modprobe.
    func mdDriver(levels: [String]) -> [String] {
        if mdState.personalities() == nil {
            let why = modprobe("md_mod")
            guard mdState.personalities() != nil else {
                return ["the kernel has no md driver (\(mdstat) is missing) and `modprobe md_mod` failed\(why.map { ": \($0)" } ?? ""); "
                        + "load it (install the modules of the running kernel, e.g. linux-modules-extra-$(uname -r), then `modprobe md_mod`), "
                        + "or run this where the kernel has md (a rescue system)"]
            }
        }
        return levels.compactMap { level in
            if hasPersonality(level) { return nil }
            let why = modprobe(level)
            if hasPersonality(level) { return nil }
            return "the md driver has no \(level) personality and `modprobe \(level)` failed\(why.map { ": \($0)" } ?? ""); load it (`modprobe \(level)`)"
        }
    }

    /// Nil when modprobe ran; else what it said.
    func modprobe(_ module: String) -> String? {
        do {
            _ = try runner.run(["modprobe", module])
            return nil
        } catch let e as CommandError {
            let text = e.result.stderr.trimmed()
            return text.isEmpty ? "exit \(e.result.status)" : text
        } catch {
            return "\(error)"
        }
    }

    /// The md driver has loaded the personality of `level` (`raid456`: any of raid4, raid5, raid6).
    func hasPersonality(_ level: String) -> Bool {
        let names = level == "raid456" ? ["raid4", "raid5", "raid6"] : [level]
        return names.contains { (mdState.personalities() ?? []).contains($0) }
    }
}
