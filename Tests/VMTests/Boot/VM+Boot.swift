import Foundation

/// The installed host: the image the boot tests install, and boots of the disks themselves.
extension VM {
    /// The host root archive (Tests/vm/build-host-image.sh: Debian bookworm from Debian's
    /// packages, cached per checkout), built on first use.
    static func hostImage() throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("host-image-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let script = repoRoot.appendingPathComponent("Tests/vm/build-host-image.sh").path
        let status = try runProcess([script], log: log, timeout: 1800)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // Progress goes to stderr; the archive's path is the last line.
        let path = text.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, FileManager.default.fileExists(atPath: path) else {
            throw VMError.harness("build-host-image.sh exited \(status): \(text.suffix(3000))")
        }
        return path
    }

    /// What the installed host reported on its serial console.
    struct BootReport: Sendable {
        var booted: Bool
        /// `root`, `boot`, `efi`, `swap`, `firmware`, `cmdline`, `bootentry` (UEFI: `Boot0003 LABEL`) lines of the report.
        var fields: [String: String]
        var mdstat: String
        var text: String
        var seconds: Int
    }

    /// Boots the disk images (no kernel given: the firmware finds GRUB on them), as a server would.
    /// With `vars`, OVMF starts from a copy of that variable store, each disk at its slot (`none` keeps one empty).
    static func bootDisks(_ images: [String], firmware: String, vars: URL? = nil, timeout: Int = 600) throws -> BootReport {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("boot-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let script = repoRoot.appendingPathComponent("Tests/vm/boot-disks.sh").path
        let store = vars.map { ["--vars", $0.path] } ?? []
        let status = try runProcess([script, "--firmware", firmware, "--timeout", "\(timeout)"] + store + images, log: log, timeout: 4 * timeout + 600)
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard status == 0 || status == 1 else { throw VMError.harness("boot-disks.sh exited \(status):\n\(text.suffix(3000))") }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let kv = line.split(separator: " ", maxSplits: 1)
            if kv.count == 2, ["root", "boot", "efi", "swap", "firmware", "cmdline", "bootentry", "boot-seconds"].contains(String(kv[0])) {
                fields[String(kv[0])] = String(kv[1])
            }
        }
        let mdstat = text.split(separator: "\n").drop { !$0.hasPrefix("Personalities") }.prefix { !$0.hasPrefix("@@") }.joined(separator: "\n")
        return BootReport(booted: status == 0, fields: fields, mdstat: mdstat, text: text, seconds: Int(fields["boot-seconds"] ?? "") ?? 0)
    }
}
