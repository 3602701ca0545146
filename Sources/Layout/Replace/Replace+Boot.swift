/// The new disk's boot loader (BIOS): GRUB goes on it by default when the host
/// boots with GRUB (the plan installs the host, or a healthy disk carries
/// GRUB's boot code), so that the server still boots when the other disk dies.
extension ReplaceSteps {
    var installsBootloader: Bool {
        guard plan.firmware.bootsBIOS, plan.boots, !options.noBootloader else { return false }
        if options.installBootloader || plan.image != nil { return true }
        return healthy.contains { inventory.host?.bootCode[$0.path]?.mbrGrub == true }
    }

    /// On the live host (its / is the plan's root array) `grub-install` runs there; from a
    /// rescue system it runs in the host's root, mounted as `diskplan chroot` mounts it.
    func bootloaderActions(_ disk: TargetDisk, _ t: TargetLayout) -> [Action] {
        let summary = "Install GRUB on \(disk.path) (BIOS boot: MBR and \(t.label == .gpt ? "bios_grub" : "the gap before partition 1"))"
        let root = t.arrays.first { $0.mount == "/" }
        let live = root.map { r in inventory.uses.contains { $0.kind == .mounted && $0.holder == "/" && $0.device == r.device } } ?? true
        if live || root == nil {
            return [Action(.installBootloader(disk: disk.path, host: nil), device: disk.path, summary: summary + " on the running host",
                           argv: ["grub-install", "--target=i386-pc", disk.path])]
        }
        var step = HostInstall.chrootStep(t)
        let install = HostInstall(target: t, inventory: inventory, arraysChanging: false)
        step.grubTarget = "i386-pc"
        return [install.mount(step),
                Action(.installBootloader(disk: disk.path, host: step), device: disk.path, summary: summary + " from the host's root",
                       argv: ["chroot", step.root, "grub-install", "--target=i386-pc", disk.path]),
                install.unmount(step)]
    }

    /// UEFI, where the system has EFI variables: the new disk's ESP member gets its boot entry
    /// (md copies the loader onto it with the ESP array). `--no-bootloader` leaves it out.
    func bootEntryActions(_ disk: TargetDisk) -> [Action] {
        guard plan.firmware.bootsUEFI, plan.boots, !options.noBootloader, inventory.host?.efi != nil,
              let member = disk.partitions.first(where: { $0.role == .espMember }) else { return [] }
        return [HostInstall.addBootEntry(host: plan.host, disk: disk.path, member: member, step: nil)]
    }
}
