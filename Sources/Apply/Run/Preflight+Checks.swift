import FoundationEssentials
import Layout
import Platform

extension Preflight {
    /// A tool the actions run, how to ask its version, and the oldest version that does what the actions ask.
    struct Tool {
        var versionArgs: [String]
        var minimum: [Int]
        var package: String
    }

    static let known: [String: Tool] = [
        // --homehost, --bitmap=none and metadata 1.2 by name: mdadm 3.3.
        "mdadm": Tool(versionArgs: ["--version"], minimum: [3, 3], package: "mdadm"),
        "mkfs.ext4": Tool(versionArgs: ["-V"], minimum: [1, 43], package: "e2fsprogs"),
        "mkfs.xfs": Tool(versionArgs: ["-V"], minimum: [4, 5], package: "xfsprogs"),
        "mkswap": Tool(versionArgs: ["--version"], minimum: [2, 26], package: "util-linux"),
        "mkfs.vfat": Tool(versionArgs: [], minimum: [], package: "dosfstools"),
        "grub-install": Tool(versionArgs: [], minimum: [], package: "grub-pc or grub-efi"),
    ]

    /// Every tool an action runs: found in the system directories, and not too old.
    func tools(_ actions: [Action]) -> [String] {
        let names = actions.compactMap { $0.argv?.first }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return names.compactMap { name in
            let tool = Self.known[name]
            guard ProcessRunner.resolve(name) != nil else {
                return "\(name) is not installed (looked in \(ProcessRunner.searchPath.joined(separator: ":"))); install \(tool?.package ?? name)"
            }
            guard let tool, !tool.minimum.isEmpty else { return nil }
            let output: String
            do {
                let r = try runner.run([name] + tool.versionArgs)
                output = r.stdout + r.stderr
            } catch let e as CommandError {
                output = e.result.stdout + e.result.stderr
            } catch {
                output = ""
            }
            return Self.versionProblem(name, output: output, tool: tool)
        }
    }

    /// Nil when the first version number in `output` is at least the tool's minimum.
    static func versionProblem(_ name: String, output: String, tool: Tool) -> String? {
        let want = tool.minimum.map(String.init).joined(separator: ".")
        guard let have = firstVersion(output) else {
            return "\(name) printed no version (`\(([name] + tool.versionArgs).joined(separator: " "))`); install \(tool.package) \(want) or later"
        }
        guard have.lexicographicallyPrecedes(tool.minimum) else { return nil }
        return "\(name) is version \(have.map(String.init).joined(separator: ".")); the plan needs \(want) or later: install a newer \(tool.package)"
    }

    /// `[4, 2]` of `mdadm - v4.2 - 2021-12-30`, `[1, 47, 0]` of `mke2fs 1.47.0 (5-Feb-2023)`.
    static func firstVersion(_ text: String) -> [Int]? {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let digits = word.drop { $0 == "v" }
            let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { Int($0) }
            if parts.count >= 2, numbers.count == parts.count { return numbers }
        }
        return nil
    }

    /// Why a disk cannot be written: a read-only block device (BLKROGET), or an image file on a read-only mount or without write access.
    static func readOnly(_ d: DiskInfo) -> String? {
        let path = d.resolvedPath
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "\(d.path): cannot open: \(errnoText())" }
        defer { close(fd) }
        if d.isBlockDevice {
            var ro: Int32 = 0
            // BLKROGET = _IO(0x12, 94)
            if ioctl(fd, 0x125e, &ro) == 0, ro != 0 {
                return "\(d.path) is read-only (BLKROGET; /sys/block/\(path.lastPathComponent)/ro): make it writable (`blockdev --setrw \(path)`, or the disk's write protection)"
            }
            return nil
        }
        var fs = statvfs()
        if fstatvfs(fd, &fs) == 0, fs.f_flag & UInt(ST_RDONLY) != 0 {
            return "\(d.path) lies on a read-only file system: remount it read-write"
        }
        return access(path, W_OK) == 0 ? nil : "\(d.path) cannot be written (\(errnoText())): give write access"
    }

    /// The run keeps its lock, journal, probes and libparted in memory: 32 MiB must be available.
    static let memoryNeeded: UInt64 = 32 << 20

    /// Nil when /proc/meminfo's MemAvailable (or MemFree on old kernels) is at least `memoryNeeded`.
    static func memoryProblem(meminfo: String) -> String? {
        let lines = meminfo.split(separator: "\n")
        let line = lines.first { $0.hasPrefix("MemAvailable:") } ?? lines.first { $0.hasPrefix("MemFree:") }
        guard let kib = line?.split(separator: " ").dropFirst().first.flatMap({ UInt64($0) }) else { return nil }
        guard kib * 1024 < memoryNeeded else { return nil }
        return "only \(kib / 1024) MiB of memory is available (/proc/meminfo); the run needs \(memoryNeeded >> 20) MiB: stop other processes or add swap"
    }
}
