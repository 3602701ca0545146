import Layout
import FoundationEssentials
import Platform

/// Finds what holds block devices right now: mounts (/proc/self/mountinfo),
/// active swap (/proc/swaps), devices stacked on them (sysfs `holders`:
/// device-mapper for LVM and LUKS, md arrays), and processes that have them
/// open (/proc/PID/fd, as fuser does). Read-only; on a machine without these
/// files (a build machine probing image files) it finds nothing.
enum DeviceUses {
    /// A block device by its kernel name, with the disk it lies on.
    struct Node {
        var name: String          // vda2, md127
        var disk: String?         // /dev/vda
        var partition: Int?
        var path: String { "/dev/\(name)" }
    }

    /// The uses of each whole disk in `disks` (kernel nodes like /dev/vda), of
    /// its partitions, and of every md array in `arrays`.
    static func find(disks: [String], arrays: [String]) -> [DeviceUse] {
        var nodes: [Node] = []
        for disk in disks {
            let name = disk.lastPathComponent
            nodes.append(Node(name: name, disk: disk, partition: nil))
            for p in Posix.partitions(ofDisk: name) {
                nodes.append(Node(name: p.name, disk: disk, partition: p.number))
            }
        }
        nodes += arrays.map { Node(name: $0.lastPathComponent, disk: nil, partition: nil) }
        guard !nodes.isEmpty else { return [] }
        let numbers = Dictionary(nodes.compactMap { n in deviceNumber(n.path).map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        var uses: [DeviceUse] = []
        func add(_ n: Node, _ kind: DeviceUse.Kind, _ holder: String, _ release: String, readOnly: Bool = false) {
            uses.append(DeviceUse(device: n.path, disk: n.disk, partition: n.partition, kind: kind, holder: holder, release: release, readOnly: readOnly ? true : nil))
        }
        for m in mounts() { if let n = numbers[m.device] { add(n, .mounted, m.point, "umount \(m.point)", readOnly: m.readOnly) } }
        for path in swaps() { if let dev = deviceNumber(path), let n = numbers[dev] { add(n, .swap, "swap", "swapoff \(n.path)") } }
        for n in nodes {
            for h in Posix.directory("/sys/class/block/\(n.name)/holders") {
                let (what, release) = describeHolder(h)
                add(n, .holder, what, release)
            }
        }
        for o in lastingOpeners(numbers.keys) {
            if let n = numbers[o.device] { add(n, .open, "pid \(o.pid) (\(o.command))", "stop process \(o.pid) (\(o.command))", readOnly: o.readOnly) }
        }
        return uses
    }

    /// `dm-0 (LVM vg0-data)` and how to release it.
    static func describeHolder(_ name: String) -> (String, String) {
        guard name.hasPrefix("dm-") else { return (name, "mdadm --stop /dev/\(name)") }
        let dmName = Posix.sysfs("/sys/class/block/\(name)/dm/name") ?? name
        let uuid = Posix.sysfs("/sys/class/block/\(name)/dm/uuid") ?? ""
        if uuid.hasPrefix("LVM-") {
            let vg = Self.volumeGroup(of: dmName)
            // Under udev, LVM activates a volume group again on the next event of its disks
            // (diskplan's own probe makes one): switch that off first.
            return ("\(name) (LVM \(dmName))", "vgchange --setautoactivation n \(vg) && vgchange -an \(vg)")
        }
        if uuid.hasPrefix("CRYPT-") { return ("\(name) (LUKS \(dmName))", "cryptsetup close \(dmName)") }
        return ("\(name) (device-mapper \(dmName))", "dmsetup remove \(dmName)")
    }

    /// LVM's dm names are VG-LV with dashes inside names doubled.
    static func volumeGroup(of dmName: String) -> String {
        var vg = "", chars = Array(dmName), i = 0
        while i < chars.count {
            if chars[i] == "-" {
                if i + 1 < chars.count, chars[i + 1] == "-" { vg.append("-"); i += 2; continue }
                break
            }
            vg.append(chars[i]); i += 1
        }
        return vg
    }

    /// glibc's `makedev` (a macro Swift does not import): Linux's dev_t encoding.
    static func makeDevice(_ major: UInt64, _ minor: UInt64) -> UInt64 {
        (major & 0xfff) << 8 | (minor & 0xff) | (minor & ~0xff) << 12 | (major & ~0xfff) << 32
    }

    static func deviceNumber(_ path: String) -> UInt64? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFBLK else { return nil }
        return UInt64(st.st_rdev)
    }

    /// Device number, mount point and whether it is mounted read-only, of every mounted block device.
    static func mounts() -> [(device: UInt64, point: String, readOnly: Bool)] {
        let text = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> (UInt64, String, Bool)? in
            let f = line.split(separator: " ")
            guard f.count > 5 else { return nil }
            let mm = f[2].split(separator: ":").compactMap { UInt32($0) }
            guard mm.count == 2, mm[0] != 0 else { return nil }
            return (makeDevice(UInt64(mm[0]), UInt64(mm[1])), unescape(String(f[4])), f[5].split(separator: ",").contains("ro"))
        }
    }

    /// Paths of active swap devices.
    static func swaps() -> [String] {
        let text = (try? String(contentsOfFile: "/proc/swaps", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map { unescape(String($0)) } }
    }

    /// Openers of `devices` that hold them for more than a moment: udev's workers, blkid and
    /// mdadm's incremental assembly open a device briefly to probe it. Seen twice, 0.2 s apart.
    static func lastingOpeners(_ devices: some Collection<UInt64>) -> [Opener] {
        let wanted = Set(devices)
        let first = openers().filter { wanted.contains($0.device) }
        guard !first.isEmpty else { return [] }
        usleep(200_000)
        let again = Set(openers().map { "\($0.device) \($0.pid)" })
        return first.filter { again.contains("\($0.device) \($0.pid)") }
    }

    /// A process that has a block device open; `readOnly` when none of its descriptors of it writes.
    struct Opener {
        var device: UInt64
        var pid: Int32
        var command: String
        var readOnly: Bool
    }

    /// Every block device a process has open, once per process and device.
    static func openers() -> [Opener] {
        let me = getpid()
        var found: [Opener] = []
        for entry in Posix.directory("/proc") {
            guard let pid = Int32(entry), pid != me else { continue }
            let command = Posix.sysfs("/proc/\(entry)/comm") ?? "?"
            // udev's workers and the helpers systemd spawns ("(spawn)") probe devices for a moment: not users.
            guard !command.contains("udev"), !command.hasPrefix("(") else { continue }
            let fds = Posix.directory("/proc/\(entry)/fd")
            guard !fds.isEmpty else { continue }
            var seen: [UInt64: Int] = [:]
            for fd in fds {
                guard let dev = deviceNumber("/proc/\(entry)/fd/\(fd)") else { continue }
                let readOnly = openedReadOnly(pid: entry, fd: fd)
                if let i = seen[dev] {
                    found[i].readOnly = found[i].readOnly && readOnly
                } else {
                    seen[dev] = found.count
                    found.append(Opener(device: dev, pid: pid, command: command, readOnly: readOnly))
                }
            }
        }
        return found
    }

    /// Whether the descriptor was opened read-only: the access mode in /proc/PID/fdinfo/FD's
    /// `flags:` (octal) is O_RDONLY. Unknown counts as writing.
    static func openedReadOnly(pid: String, fd: String) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
              let flags = Int(line.dropFirst(6).trimmedSpaces(), radix: 8) else { return false }
        return flags & Int(O_ACCMODE) == Int(O_RDONLY)
    }

    /// Mount points and swap paths escape blanks as octal (`\040`).
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = "", chars = Array(s), i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 3 < chars.count, let v = UInt8(String(chars[(i + 1)...(i + 3)]), radix: 8) {
                out.append(Character(UnicodeScalar(v))); i += 4
            } else { out.append(chars[i]); i += 1 }
        }
        return out
    }
}
