/// A UEFI boot entry for each disk, where the system that installs has EFI
/// variables: GRUB at the removable path boots without one, but an entry per
/// disk is what the firmware tries first and what an admin finds in its menu.
extension HostInstall {
    /// `efibootmgr --create` for each disk whose ESP member no entry names. efibootmgr puts a
    /// new entry first in `BootOrder`, so the disks are taken last to first: the first disk ends first.
    func bootEntries(_ s: InstallStep, probe: HostProbe?) -> [Action] {
        guard target.firmware.bootsUEFI, let efi = probe?.efi else { return [] }
        return target.bootDisks.reversed().compactMap { d -> Action? in
            guard let member = d.partitions.first(where: { $0.role == .espMember }) else { return nil }
            if let uuid = Self.partitionUUID(inventory, disk: d.path, number: member.number), efi.entry(forPartition: uuid) != nil { return nil }
            return Self.addBootEntry(host: target.host, disk: d.path, member: member, step: s)
        }
    }

    /// The action that adds `disk`'s entry, for the install and for replace-disk's new disk.
    static func addBootEntry(host: String, disk: String, member: TargetPartition, step: InstallStep?) -> Action {
        let label = EFIBootEntry.label(host: host, disk: disk)
        return Action(.addBootEntry(disk: disk, part: member.number, label: label, host: step), device: disk,
                      summary: "Add the UEFI boot entry \"\(label)\" for \(disk) (GRUB on its ESP member \(member.device))",
                      argv: efibootmgr(disk: disk, part: member.number, label: label))
    }

    /// The command that adds the entry: the ESP member's partition and the removable path GRUB is installed at.
    public static func efibootmgr(disk: String, part: Int, label: String) -> [String] {
        ["efibootmgr", "--create", "--disk", disk, "--part", "\(part)", "--label", label, "--loader", "\\EFI\\BOOT\\BOOTX64.EFI"]
    }

    /// The GPT partition GUID of partition `number` of `disk`, as the probe read it.
    static func partitionUUID(_ inventory: Inventory, disk: String, number: Int) -> String? {
        inventory.disks.first { $0.path == disk }?.table?.partitions.first { $0.number == number }?.uuid
    }
}
