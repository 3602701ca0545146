/// Refuses, at plan time, an image that cannot give a host that boots from
/// these arrays, and a host root that holds a system this plan did not install.
enum ImageCheck {
    static func check(_ plan: Plan, _ t: TargetLayout, _ probe: HostProbe?) throws(PlanError) {
        guard let path = plan.image else { return }
        guard let info = probe?.image else { throw PlanError(key: "image", "\(path) was not read") }
        if let problem = info.problem { throw PlanError(key: "image", "cannot use \(path): \(problem)") }
        for problem in contentProblems(info, firmware: plan.firmware) {
            throw PlanError(key: "image", "\(path) \(problem); nothing was written")
        }
        try checkSize(info, t)
        if !t.reinstallHost { try checkRoot(info, probe?.root) }
    }

    /// What the archive lacks to be a root file system that boots from md arrays.
    static func contentProblems(_ i: ImageInfo, firmware: Firmware) -> [String] {
        var out: [String] = []
        if !i.found.contains("etc") { out.append("is not a root file system: it has no /etc") }
        if i.kernels.isEmpty { out.append("has no kernel in /boot (boot/vmlinuz-*)") }
        if !i.has("sbin/mdadm") { out.append("has no mdadm: the host could not assemble its arrays at boot") }
        if !i.has("sbin/update-initramfs") { out.append("has no update-initramfs (initramfs-tools) to build an initramfs with the arrays") }
        if !i.has("sbin/grub-install") || !i.has("sbin/update-grub") { out.append("has no GRUB (grub-install, update-grub: Debian's grub2-common)") }
        if firmware.bootsBIOS, !i.found.contains("usr/lib/grub/i386-pc") {
            out.append("has no GRUB for BIOS boot (usr/lib/grub/i386-pc: Debian's grub-pc-bin), which firmware: \(firmware.rawValue) needs")
        }
        if firmware.bootsUEFI, !i.found.contains("usr/lib/grub/x86_64-efi") {
            out.append("has no GRUB for UEFI boot (usr/lib/grub/x86_64-efi: Debian's grub-efi-amd64-bin), which firmware: \(firmware.rawValue) needs")
        }
        return out
    }

    /// The unpacked image fits: /boot's files into /boot's array when it has one, the rest into /.
    /// A file system's own overhead (journal, inode tables) is taken as a tenth of its size.
    static func checkSize(_ i: ImageInfo, _ t: TargetLayout) throws(PlanError) {
        let root = t.arrays.first { $0.mount == "/" }
        let boot = t.arrays.first { $0.mount == "/boot" }
        func room(_ a: TargetArray) -> UInt64 { a.sizeBytes / 10 * 9 }
        let rootNeeds = boot == nil ? i.unpackedBytes : i.unpackedBytes - i.bootBytes
        if let root, rootNeeds > room(root) {
            throw PlanError(line: root.spec.line, key: "image",
                            "\(i.path) unpacks to \(Size.human(rootNeeds)) for /, more than / (\(root.md), \(Size.human(root.sizeBytes))) holds; nothing was written")
        }
        if let boot, i.bootBytes > room(boot) {
            throw PlanError(line: boot.spec.line, key: "image",
                            "\(i.path) has \(Size.human(i.bootBytes)) in /boot, more than /boot (\(boot.md), \(Size.human(boot.sizeBytes))) holds; nothing was written")
        }
    }

    /// The image goes only into an empty root, or one whose install of this image was started or done.
    static func checkRoot(_ i: ImageInfo, _ root: HostRootState?) throws(PlanError) {
        guard let root, root.populated else { return }
        if root.installed.contains("image \(i.identity)") || root.installed.contains("extracting \(i.identity)") { return }
        let what = root.system.map { " (\($0))" } ?? ""
        let other = root.installed.first { $0.hasPrefix("image ") }.map { ", installed from \($0.dropFirst(6))" } ?? ""
        throw PlanError(key: "image", "/ on \(root.device) already holds a system\(what)\(other) that this plan's image did not put there; "
            + "diskplan never extracts over one. Keep it (remove image: from the plan), or make the host's file systems anew first; nothing was written")
    }
}
