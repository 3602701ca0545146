import ArgumentParser
import FoundationEssentials

/// What the shells complete for plan files and disks (`diskplan --generate-completion-script SHELL`).
enum Completion {
    /// A plan file.
    static let plan = CompletionKind.file(extensions: ["yaml", "yml"])

    /// A plan file, or a plan saved by `plan --out` (JSON), as `apply` takes.
    static let planOrSaved = CompletionKind.file(extensions: ["yaml", "yml", "json"])

    /// A disk: the machine's disks (`/dev/NAME` of `/sys/block`, and `/dev/disk/by-id/` names without
    /// partitions), and the files under the typed path, since a disk may be an image file.
    static let disk = CompletionKind.custom { _, _, prefix in disks(prefix) }

    static func disks(_ prefix: String) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for name in (try? fm.contentsOfDirectory(atPath: "/sys/block")) ?? [] where !name.hasPrefix("ram") {
            // A loop device without a file behind it has size 0.
            let size = (try? String(contentsOfFile: "/sys/block/\(name)/size", encoding: .utf8)) ?? "0"
            if size.split(separator: "\n").first != "0" { out.append("/dev/\(name)") }
        }
        for name in (try? fm.contentsOfDirectory(atPath: "/dev/disk/by-id")) ?? [] where !name.contains("-part") {
            out.append("/dev/disk/by-id/\(name)")
        }
        out += files(prefix)
        return Array(Set(out.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// The files and directories whose path begins with `prefix`, as `prefix` spells its directory.
    static func files(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let dir = slash.map { String(prefix[...$0]) } ?? ""
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        let under = entries.filter { $0.hasPrefix(start) && ($0.first != "." || start.first == ".") }.map { dir + $0 }
        // Under /dev only block devices and the directories that lead to them (/dev/disk/by-id/...).
        return dir.hasPrefix("/dev/") ? under.filter(isBlockDeviceOrDirectory) : under
    }

    static func isBlockDeviceOrDirectory(_ path: String) -> Bool {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        return type == .typeBlockSpecial || type == .typeDirectory
    }
}
