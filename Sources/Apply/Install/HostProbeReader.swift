import FoundationEssentials
public import Layout
import Platform

/// What a plan with `image:` needs read besides the disks: the archive, the
/// host's installed root and the boot code on each disk. The host's file
/// systems are read where they are mounted (the live host), else mounted
/// read-only without journal replay under a private directory and unmounted
/// again: nothing is written.
public enum HostProbeReader {
    public static func read(_ plan: Plan, inventory: Inventory, options: PlannerOptions, runner: any CommandRunner = ProcessRunner()) -> HostProbe {
        var probe = HostProbe()
        if let path = plan.image { probe.image = ImageReader.read(path, runner: runner) }
        if plan.firmware.bootsBIOS {
            probe.bootCode = BootCodeReader.read(inventory.disks)
        }
        if plan.firmware.bootsUEFI { probe.efi = EFIVarReader.read() }
        guard let t = try? Planner.target(plan, inventory: inventory, options: options),
              let root = t.arrays.first(where: { $0.mount == "/" }), let running = root.running,
              running.signatures.contains(where: { $0.type == root.format.rawValue }) else { return probe }
        let esp = t.arrays.first { $0.spec.isESP }
        if let dir = Mounts.mountPoint(of: running.device) {
            let espAt = dir == "/" ? "/boot/efi" : dir + "/boot/efi"
            let espMounted = esp.map { Mounts.mountPoint(of: $0.device) == espAt } ?? false
            probe.root = HostRootReader.read(dir: dir == "/" ? "" : dir, device: running.device, espMounted: espMounted)
            return probe
        }
        let dir = "/run/diskplan/probe-\(getpid())"
        let mounts = t.arrays.filter { !$0.guest && ["/", "/boot", "/boot/efi"].contains($0.mount ?? "") && $0.running != nil }
            .sorted { ($0.mount ?? "").count < ($1.mount ?? "").count }
        var espMounted = false
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { _ = try? runner.run(["umount", "--recursive", dir]); try? FileManager.default.removeItem(atPath: dir) }
            for a in mounts {
                let at = dir + (a.mount == "/" ? "" : a.mount!)
                guard FileManager.default.fileExists(atPath: at) else { continue }
                _ = try runner.run(["mount", "-t", a.format.rawValue, "-o", readOnlyOptions(a.format), a.device, at])
                if a.spec.isESP { espMounted = true }
            }
            probe.root = HostRootReader.read(dir: dir, device: running.device, espMounted: espMounted && esp != nil,
                                             mountPoints: mounts.compactMap(\.mount).filter { $0 != "/" })
        } catch {
            probe.root = nil
        }
        return probe
    }

    /// Read-only, and no journal or log replay, which would write.
    static func readOnlyOptions(_ f: Format) -> String {
        switch f {
        case .ext4: "ro,noload"
        case .xfs: "ro,norecovery"
        default: "ro"
        }
    }
}

/// The mount table of this process.
enum Mounts {
    /// Where `device` is mounted (its first mount), from /proc/self/mounts.
    static func mountPoint(of device: String) -> String? {
        let real = (try? Posix.realPath(device)) ?? device
        let table = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        for line in table.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 2 else { continue }
            let dev = String(f[0])
            if dev == device || dev == real || ((try? Posix.realPath(dev)) ?? dev) == real { return unescape(String(f[1])) }
        }
        return nil
    }

    /// Whether `path` is a mount point.
    static func isMounted(_ path: String) -> Bool {
        let table = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first.map { unescape(String($0)) } == path }
    }

    /// /proc/self/mounts writes space, tab, newline and backslash as octal escapes.
    static func unescape(_ s: String) -> String {
        s.replacing("\\040", with: " ").replacing("\\011", with: "\t").replacing("\\012", with: "\n").replacing("\\134", with: "\\")
    }
}

extension Probe {
    /// The disks' inventory and, for a plan with `image:`, what installing the host needs read.
    public static func inventory(for plan: Plan, paths: [String], options: PlannerOptions) throws -> Inventory {
        var inventory = try inventory(paths: paths, allowingMissing: true)
        if plan.image != nil { inventory.host = HostProbeReader.read(plan, inventory: inventory, options: options) }
        return inventory
    }
}
