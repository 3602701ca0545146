/// Whether every disk can boot on its own: the classic failure of software
/// RAID is GRUB on the first disk only, unnoticed until that disk dies.
extension HealthCheck {
    /// BIOS boot: GRUB's boot code in each disk's MBR and its core in the bios_grub partition.
    /// Checked when the plan installs the host (`image:`) or when any of its disks carries GRUB.
    mutating func checkBoot() {
        guard plan.firmware.bootsBIOS, let codes = machine.inventory.host?.bootCode else { return }
        let read = paths.compactMap { p in codes[p].map { (p, $0) } }
        guard plan.image != nil || read.contains(where: { $0.1.mbrGrub }) else { return }
        for (path, code) in read where !code.bootsBIOS {
            let why = !code.mbrGrub ? "GRUB's boot code is not in its MBR" : "its bios_grub partition holds no GRUB core image"
            let others = read.filter { $0.1.bootsBIOS }.map(\.0)
            let note = others.isEmpty ? "" : " (\(others.joined(separator: ", ")) can)"
            drift.append(Drift(.boot, path, "cannot boot on its own (BIOS): \(why)\(note); `diskplan apply` or `replace-disk` installs it"))
        }
    }
}
