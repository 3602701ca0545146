import FoundationEssentials
public import Layout

/// Mounts the host's file systems under the install step's root, in mount
/// order, with /dev, /dev/pts, /proc and /sys (and efivars, where the system
/// has them) for commands run in it by chroot; and unmounts all of it.
public struct HostMounter {
    let runner: any CommandRunner

    public init(runner: any CommandRunner = ProcessRunner()) {
        self.runner = runner
    }

    /// Mounts what is not mounted yet; returns whether anything was.
    public func mount(_ s: InstallStep) throws -> Bool {
        var did = false
        for m in s.mounts {
            let at = s.root + (m.path == "/" ? "" : m.path)
            try FileManager.default.createDirectory(atPath: at, withIntermediateDirectories: true)
            guard !Mounts.isMounted(at) else { continue }
            _ = try runner.run(["mount", "-t", m.format.rawValue, m.device, at])
            did = true
        }
        var system: [[String]] = [["--bind", "/dev", "dev"], ["--bind", "/dev/pts", "dev/pts"], ["-t", "proc", "proc", "proc"], ["-t", "sysfs", "sysfs", "sys"]]
        if FileManager.default.fileExists(atPath: "/sys/firmware/efi/efivars/.") { system.append(["-t", "efivarfs", "efivarfs", "sys/firmware/efi/efivars"]) }
        for var args in system {
            let at = s.root + "/" + args.removeLast()
            try FileManager.default.createDirectory(atPath: at, withIntermediateDirectories: true)
            guard !Mounts.isMounted(at) else { continue }
            _ = try runner.run(["mount"] + args + [at])
            did = true
        }
        return did
    }

    /// Unmounts everything below the root and the root; returns whether it was mounted.
    @discardableResult
    public func unmount(_ s: InstallStep) throws -> Bool {
        guard Mounts.isMounted(s.root) else { return false }
        _ = try runner.run(["umount", "--recursive", s.root])
        return true
    }
}
