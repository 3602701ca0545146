import Testing
@testable import Layout

/// UEFI boot entries: read from the variables, one planned per disk where the
/// system has EFI variables, and a disk without one is drift.
@Suite struct EFIBootTests {
    /// An EFI_LOAD_OPTION as efibootmgr writes it for a virtio disk's partition 2, without efivarfs' attribute bytes:
    /// PciRoot(0x0)/Pci(0x10,0x0)/HD(2,GPT,GUID,0x800,0x100000)/File(\EFI\BOOT\BOOTX64.EFI).
    static func loadOption(label: String, guid: [UInt8]) -> [UInt8] {
        let ucs2 = { (s: String) -> [UInt8] in s.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] } + [0, 0] }
        let le = { (v: UInt64, n: Int) -> [UInt8] in (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
        let acpi: [UInt8] = [2, 1, 12, 0] as [UInt8] + le(0x0a0341d0, 4) + le(0, 4)
        let pci: [UInt8] = [1, 1, 6, 0, 0, 0x10]
        let hd: [UInt8] = [4, 1, 42, 0] as [UInt8] + le(2, 4) + le(0x800, 8) + le(0x100000, 8) + guid + [2, 2]
        let path = ucs2("\\EFI\\BOOT\\BOOTX64.EFI")
        let file: [UInt8] = [4, 4] as [UInt8] + le(UInt64(4 + path.count), 2) + path
        let list = acpi + pci + hd + file + [0x7f, 0xff, 4, 0]
        return le(1, 4) + le(UInt64(list.count), 2) + ucs2(label) + list
    }

    /// 6f1c0b2e-8a4d-4c3b-9e21-0d5a7b3c4e5f as the GPT stores it (first three fields little-endian).
    static let guidBytes: [UInt8] = [0x2e, 0x0b, 0x1c, 0x6f, 0x4d, 0x8a, 0x3b, 0x4c, 0x9e, 0x21, 0x0d, 0x5a, 0x7b, 0x3c, 0x4e, 0x5f]
    static let guid = "6f1c0b2e-8a4d-4c3b-9e21-0d5a7b3c4e5f"

    @Test func aLoadOptionGivesItsLabelPartitionAndLoader() throws {
        let e = try #require(EFIBootEntry.parse(number: 3, Self.loadOption(label: "boot1 (vda)", guid: Self.guidBytes)))
        #expect(e == EFIBootEntry(number: 3, label: "boot1 (vda)", partitionUUID: Self.guid, loader: "\\EFI\\BOOT\\BOOTX64.EFI"))
        #expect(e.name == "Boot0003")
        #expect(EFIBoot(entries: [e]).entry(forPartition: Self.guid.uppercased()) == e)
        #expect(EFIBootEntry.parse(number: 1, [1, 0, 0]) == nil)
        // A cut-off device path list is not an entry.
        #expect(EFIBootEntry.parse(number: 1, Array(Self.loadOption(label: "x", guid: Self.guidBytes).dropLast(8))) == nil)
    }

    /// `Boot0001` as efivarfs gave it in the rescue VM after `efibootmgr --create --disk /dev/vdb --part 1
    /// --label 'boot1 (vdb)'` (the boot test's efivar-Boot0001.hex): attributes, then the load option.
    static let realBoot0001 = "07000000010000005e0062006f006f0074003100200028007600640062002900000004012a00010000000008000000000000"
        + "00001000000000005deb4d2fa83ff548bdc3748981683fdc0202040430005c004500460049005c0042004f004f0054005c0042004f004f0054005800"
        + "360034002e0045004600490000007fff0400"

    @Test func theEntryEfibootmgrWroteReadsBack() throws {
        let hex = Array(Self.realBoot0001.utf8)
        let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        let e = try #require(EFIBootEntry.parse(number: 1, Array(bytes.dropFirst(4))))
        #expect(e == EFIBootEntry(number: 1, label: "boot1 (vdb)", partitionUUID: "2f4deb5d-3fa8-48f5-bdc3-748981683fdc", loader: "\\EFI\\BOOT\\BOOTX64.EFI"))
    }

    static let uefiPlan = Fixtures.installPlan.replacing("disks: [/dev/sda, /dev/sdb]", with: "disks: [/dev/sda, /dev/sdb]\nfirmware: uefi")

    @Test func withEFIVariablesEachDiskGetsAnEntryTheFirstDiskLast() throws {
        let plan = try PlanParser.parse(Self.uefiPlan, file: "install.yaml")
        var host = HostProbe(image: Fixtures.image(plan.image!))
        host.efi = EFIBoot()
        let (_, r) = try HostInstallTests.planned(Self.uefiPlan, host: host)
        let adds = r.actions.filter { $0.kind == .addBootEntry }
        #expect(adds.map(\.device) == ["/dev/sdb", "/dev/sda"])
        #expect(adds.first?.argv == ["efibootmgr", "--create", "--disk", "/dev/sdb", "--part", "1", "--label", "xen1 (sdb)", "--loader", "\\EFI\\BOOT\\BOOTX64.EFI"])
        #expect(adds.first?.summary == "Add the UEFI boot entry \"xen1 (sdb)\" for /dev/sdb (GRUB on its ESP member /dev/sdb1)")
        let kinds = r.actions.map(\.kind)
        #expect(kinds.lastIndex(of: .installBootloader)! < kinds.firstIndex(of: .addBootEntry)!)
        // The firmware's entries need nothing mounted: they come after the unmount.
        #expect(kinds.lastIndex(of: .unmountHost)! < kinds.firstIndex(of: .addBootEntry)!)
        // Without EFI variables (a rescue system started in legacy mode) the removable path is all.
        let (_, legacy) = try HostInstallTests.planned(Self.uefiPlan)
        #expect(!legacy.actions.contains { $0.kind == .addBootEntry })
    }

    /// The kvm-host example applied, each ESP member with a partition GUID.
    static func applied() throws -> (Plan, PlanResult, Inventory) {
        let p = try Fixtures.plan("kvm-host.yaml")
        let blank = Fixtures.blankInventory(p.disks, bytes: 1_920_383_410_176)
        let r = try Planner.plan(p, inventory: blank)
        var inv = Fixtures.applied(r, inventory: blank, plan: p, running: true)
        for k in inv.disks.indices {
            let i = try #require(inv.disks[k].table?.partitions.firstIndex { $0.typeGUID == PartitionRole.espMember.gptTypeGUID })
            inv.disks[k].table!.partitions[i].uuid = "0000000\(k)-8a4d-4c3b-9e21-0d5a7b3c4e5f"
        }
        inv.host = HostProbe()
        inv.host!.efiLoader = Dictionary(uniqueKeysWithValues: p.disks.map { ($0, true) })
        return (p, r, inv)
    }

    @Test func aDiskWithoutAnEntryIsDriftWhereThereAreVariables() throws {
        var (p, r, inv) = try Self.applied()
        let report = { (inv: Inventory) in try Status.report(p, planFile: nil, machine: MachineState(inventory: inv, md: StatusFixtures.clean(r))) }
        inv.host!.efi = EFIBoot(entries: [EFIBootEntry(number: 1, label: "kvm1 (a)", partitionUUID: "00000000-8a4d-4c3b-9e21-0d5a7b3c4e5f")])
        let bad = try report(inv)
        #expect(bad.exitStatus == 2)
        #expect(bad.drift == [Drift(.boot, p.disks[1], "has no UEFI boot entry for its ESP member (the firmware finds it only by the removable path); "
            + "\(p.disks[0]) has one; `diskplan apply` adds it (efibootmgr)")])
        inv.host!.efi!.entries.append(EFIBootEntry(number: 2, label: "kvm1 (b)", partitionUUID: "00000001-8a4d-4c3b-9e21-0d5a7b3c4e5f"))
        #expect(try report(inv).exitStatus == 0)
        // No entry names any ESP member and the plan installs nothing: not diskplan's business.
        inv.host!.efi = EFIBoot(entries: [EFIBootEntry(number: 0, label: "UEFI Shell")])
        #expect(try report(inv).exitStatus == 0)
        // No EFI variables at all (legacy boot): nothing to check.
        inv.host!.efi = nil
        #expect(try report(inv).exitStatus == 0)
    }
}
