/// Whether every disk can boot on its own: the classic failure of software
/// RAID is GRUB on the first disk only, unnoticed until that disk dies.
extension HealthCheck {
    /// BIOS boot: GRUB's boot code in each disk's MBR and its core in the bios_grub partition.
    /// Checked when the plan installs the host (`image:`) or when any of its disks carries GRUB.
    mutating func checkBoot() {
        guard plan.boots else { return }
        checkUEFIBoot()
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

    /// UEFI boot: GRUB at the removable path of each disk's ESP member, read as the firmware reads it.
    /// Checked when the plan installs the host or any disk's ESP member holds the loader.
    mutating func checkUEFIBoot() {
        checkBootEntries()
        guard plan.firmware.bootsUEFI, let loaders = machine.inventory.host?.efiLoader else { return }
        let read = paths.compactMap { p in loaders[p].map { (p, $0) } }
        guard plan.image != nil || read.contains(where: { $0.1 }) else { return }
        for (path, ok) in read where !ok {
            let others = read.filter { $0.1 }.map(\.0)
            drift.append(Drift(.boot, path, "cannot boot on its own (UEFI): its ESP member holds no EFI/BOOT/BOOTX64.EFI"
                + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")) can)") + "; `diskplan apply` installs it"))
        }
    }

    /// Where the system has EFI variables: a boot entry for each disk's ESP member. Checked when the
    /// plan installs the host or an entry already names one of the plan's ESP members.
    mutating func checkBootEntries() {
        guard plan.firmware.bootsUEFI, let efi = machine.inventory.host?.efi else { return }
        let members = paths.compactMap { p -> (String, String)? in
            machine.inventory.disks.first { $0.path == p }?.espMember?.uuid.map { (p, $0) }
        }
        let named = members.filter { efi.entry(forPartition: $0.1) != nil }.map(\.0)
        guard plan.image != nil || !named.isEmpty else { return }
        for (path, _) in members where !named.contains(path) {
            drift.append(Drift(.boot, path, "has no UEFI boot entry for its ESP member (the firmware finds it only by the removable path)"
                + (named.isEmpty ? "" : "; \(named.joined(separator: ", ")) \(named.count == 1 ? "has" : "have") one") + "; `diskplan apply` adds it (efibootmgr)"))
        }
    }
}
