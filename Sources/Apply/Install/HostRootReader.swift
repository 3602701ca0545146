import FoundationEssentials
public import Layout
import Platform

/// Reads what the install steps record and write below a mounted host root:
/// the state file, fstab, mdadm.conf, the kernels in /boot, GRUB at the ESP's
/// removable path. The probe and the install steps read it the same way.
public enum HostRootReader {
    /// `mountPoints`: the host's other mount points (`/boot`, `/boot/efi`), whose directories on
    /// an empty root are the install's own and do not make it populated; nor do `dev`, `proc`
    /// and `sys`, where the install binds the rescue system's for the chroot.
    public static func read(dir: String, device: String, espMounted: Bool, mountPoints: [String] = []) -> HostRootState {
        func text(_ rel: String) -> String? { try? String(contentsOfFile: dir + rel, encoding: .utf8) }
        let own = Set(mountPoints.compactMap { $0.split(separator: "/").first.map(String.init) } + ["lost+found", "dev", "proc", "sys"])
        let entries = Posix.directory(dir).filter { !own.contains($0) }
        let installed = (text(HostRootState.stateFile) ?? "").split(separator: "\n").map(String.init)
        let kernels = Posix.directory(dir + "/boot").filter { $0.hasPrefix("vmlinuz-") }.sorted()
        let loader = espMounted ? FileManager.default.fileExists(atPath: dir + "/boot/efi/EFI/BOOT/BOOTX64.EFI") : nil
        return HostRootState(device: device, populated: !entries.isEmpty, installed: installed, fstab: text("/etc/fstab"),
                             mdadmConf: text("/etc/mdadm/mdadm.conf"), kernels: kernels, efiLoader: loader, system: prettyName(text("/etc/os-release")))
    }

    static func prettyName(_ osRelease: String?) -> String? {
        osRelease?.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst("PRETTY_NAME=".count)).filter { $0 != "\"" } }
    }

    /// Appends a line to the state file below `dir` and syncs it.
    static func record(_ line: String, dir: String) throws {
        let path = dir + HostRootState.stateFile
        let folder = String(path[..<path.lastIndex(of: "/")!])
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try (old + line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        sync()
    }
}
