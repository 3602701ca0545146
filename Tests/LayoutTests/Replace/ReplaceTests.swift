import Foundation
import Testing
@testable import Layout

/// `replace-disk` on hand-built inventories: the Xen plan applied to two disks,
/// then one of them replaced by a blank disk; the arrays run degraded on the other.
@Suite struct ReplaceTests {
    static let size: UInt64 = 200_000_000_000

    /// The Xen plan on /dev/vda and /dev/vdb, applied; then `failed` is blank and the
    /// arrays run (under md127... as a rescue system assembles them) on the other disk only.
    func degraded(failed: Int, arraysState: String = "clean") throws -> (Plan, Inventory) {
        var p = try Fixtures.plan("xen-host.yaml")
        p.disks = ["/dev/vda", "/dev/vdb"]
        let blank = Fixtures.blankInventory(p.disks, bytes: Self.size)
        var inv = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        inv.disks[failed] = Fixtures.blank(p.disks[failed], bytes: Self.size)
        let healthy = p.disks[1 - failed]
        for i in inv.arrays.indices {
            inv.arrays[i].device = "/dev/md\(127 - i)"
            inv.arrays[i].members = inv.arrays[i].members.filter { $0.hasPrefix(healthy) }
            inv.arrays[i].memberDisks = [healthy]
            inv.arrays[i].state = arraysState
        }
        return (p, inv)
    }

    @Test func diskBBlankAHealthy() throws {
        let (p, inv) = try degraded(failed: 1)
        let r = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb"))
        #expect(r.failed == "/dev/vdb" && r.newDisk == "/dev/vdb" && r.healthy == ["/dev/vda"] && r.disks == ["/dev/vda", "/dev/vdb"])
        let a = r.result.actions
        #expect(a.map(\.kind) == [.createTable] + Array(repeating: .createPartition, count: 6) + [.wipeSignatures] + Array(repeating: .addMember, count: 5))
        #expect(a[0].summary == "Create GPT on /dev/vdb" && a[0].operation == .createTable(.gpt, disk: "/dev/vdb"))
        // The plan's geometry: bios_grub at 1 MiB, members from 2 MiB, the same names as on /dev/vda.
        let parts = a[1...6].compactMap(\.newPartition)
        #expect(parts.map(\.name) == ["bios_grub", "md0-swap", "md1-boot", "md2-root", "md3-ns1", "md4-web1"])
        #expect(parts.map(\.role) == [.biosGrub, .raidMember, .raidMember, .raidMember, .raidMember, .raidMember])
        let gib: UInt64 = 2 << 20  // sectors
        let starts: [UInt64] = [2048, 4096, 4096 + 4 * gib, 4096 + 5 * gib, 4096 + 35 * gib, 4096 + 55 * gib]
        let sizes: [UInt64] = [2048, 4 * gib, 1 * gib, 30 * gib, 20 * gib, 100 * gib]
        #expect(parts.map(\.startSector) == starts)
        #expect(parts.map(\.sizeSectors) == sizes)
        #expect(a[1...6].allSatisfy { $0.batch == .table(disk: "/dev/vdb") })
        #expect(a[4].summary == "Create partition /dev/vdb4 (30.00 GiB) for md2 root (/)")
        // Both ends of every new member, and nothing of /dev/vda.
        let ranges = a[7].zeroed
        #expect(ranges.count == 10 && ranges.allSatisfy { $0.disk == "/dev/vdb" && $0.length == 1 << 20 })
        #expect(ranges[0].offset == 2 << 20 && ranges[1].offset == (2 << 20) + (4 << 30) - (1 << 20))
        // Each array by its name, under the node it runs as.
        #expect(a[8...].map { $0.argv! } == [
            ["mdadm", "/dev/md127", "--add", "/dev/vdb2"], ["mdadm", "/dev/md126", "--add", "/dev/vdb3"], ["mdadm", "/dev/md125", "--add", "/dev/vdb4"],
            ["mdadm", "/dev/md124", "--add", "/dev/vdb5"], ["mdadm", "/dev/md123", "--add", "/dev/vdb6"],
        ])
        #expect(a[10].summary == "Add /dev/vdb4 to RAID1 /dev/md125 'xen1:root' (30.00 GiB); md rebuilds it from /dev/vda4")
        #expect(a[10].operation == .addMember("/dev/vdb4", array: "root"))
        #expect(r.arrays.map(\.device) == ["/dev/md127", "/dev/md126", "/dev/md125", "/dev/md124", "/dev/md123"])
        #expect(r.arrays[2] == ReplacedArray(device: "/dev/md125", name: "xen1:root", healthyMembers: ["/dev/vda4"], newMember: "/dev/vdb4"))
        #expect(r.result.arrays.map(\.device) == r.arrays.map(\.device) && r.result.arrays.allSatisfy { $0.exists })
        #expect(r.result.arrays[2].members == ["/dev/vda4", "/dev/vdb4"])
        // The boot loader: shown, not run.
        #expect(r.bootloader == ["grub-install", "/dev/vdb"])
        #expect(!a.contains { $0.kind == .installBootloader })
        #expect(r.result.notes.contains("Boot loader: the new disk has no GRUB yet. On the installed host run: grub-install /dev/vdb (or pass --install-bootloader)."))
        #expect(r.result.notes.contains { $0.hasPrefix("mdadm.conf needs no change: the arrays keep their UUIDs") })
        // The layout after: /dev/vdb new, /dev/vda kept.
        #expect(r.result.disks[1].partitions.allSatisfy { $0.state == .new } && r.result.disks[0].partitions.allSatisfy { $0.state == .exists })
        let text = Render.human(r.result, planFile: "plans/xen-host.yaml")
        #expect(text.contains("$ mdadm /dev/md125 --add /dev/vdb4"))
        #expect(text.contains("13 action(s) pending. Nothing was written."))
    }

    @Test func diskABlankBHealthy() throws {
        let (p, inv) = try degraded(failed: 0)
        let r = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vda", installBootloader: true))
        #expect(r.failed == "/dev/vda" && r.healthy == ["/dev/vdb"])
        let a = r.result.actions
        #expect(a.map(\.kind) == [.createTable] + Array(repeating: .createPartition, count: 6) + [.wipeSignatures]
            + Array(repeating: .addMember, count: 5) + [.mountHost, .installBootloader, .unmountHost])
        #expect(a[1...6].map { $0.newPartition?.name } == ["bios_grub", "md0-swap", "md1-boot", "md2-root", "md3-ns1", "md4-web1"])
        #expect(a[1...6].allSatisfy { $0.batch == .table(disk: "/dev/vda") })
        #expect(a[8...12].map { $0.argv! }.map { $0[3] } == ["/dev/vda2", "/dev/vda3", "/dev/vda4", "/dev/vda5", "/dev/vda6"])
        #expect(a[10].summary == "Add /dev/vda4 to RAID1 /dev/md125 'xen1:root' (30.00 GiB); md rebuilds it from /dev/vdb4")
        // From the rescue system, GRUB goes on through the host's root, mounted as diskplan chroot mounts it.
        #expect(a[14].argv == ["chroot", "/run/diskplan/host", "grub-install", "--target=i386-pc", "/dev/vda"])
        #expect(a[14].summary == "Install GRUB on /dev/vda (BIOS boot: MBR and bios_grub) from the host's root")
        #expect(a[13].hostStep?.mounts.map(\.path) == ["/", "/boot"])
    }

    @Test func theNewDiskGetsGrubByDefaultWhereTheHealthyOneHasIt() throws {
        let (p, base) = try degraded(failed: 0)
        var inv = base
        let plain = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vda"))
        #expect(!plain.result.actions.contains { $0.kind == .installBootloader }, "no GRUB anywhere: only the note")
        inv.host = HostProbe(bootCode: ["/dev/vdb": BootCode(mbrGrub: true, coreImage: true)])
        let root = try #require(inv.arrays.first { $0.name == "xen1:root" })
        inv.uses = [DeviceUse(device: root.device, kind: .mounted, holder: "/", release: "umount /")]
        let live = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vda"))
        #expect(live.result.actions.last?.argv == ["grub-install", "--target=i386-pc", "/dev/vda"], "on the live host, directly")
        #expect(live.result.notes.contains("The boot loader is installed on /dev/vda as the last step: grub-install /dev/vda."))
        var off = ReplaceOptions(newDisk: "/dev/vda")
        off.noBootloader = true
        #expect(!(try Planner.replace(p, inventory: inv, options: off)).result.actions.contains { $0.kind == .installBootloader })
    }

    @Test func oldMembersStillListedAreFailedAndRemovedAndInactiveArraysStarted() throws {
        let (p, base) = try degraded(failed: 1, arraysState: "inactive")
        var inv = base
        // The failed disk is still attached, now as /dev/sdz, and md still lists its member of root; the new disk is /dev/vdc.
        inv.arrays[2].members.append("/dev/sdz4")
        inv.arrays[2].memberDisks.append("/dev/sdz")
        inv.disks.removeLast()
        inv.disks.append(Fixtures.blank("/dev/vdc", bytes: Self.size))
        let rep = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdc", failedDisk: "/dev/vdb"))
        #expect(rep.disks == ["/dev/vda", "/dev/vdc"])
        let a = rep.result.actions
        let first = a.prefix { $0.kind == .removeMember || $0.kind == .startArray }
        #expect(first.map(\.argv!) == [
            ["mdadm", "--run", "/dev/md127"], ["mdadm", "--run", "/dev/md126"],
            ["mdadm", "/dev/md125", "--fail", "/dev/sdz4", "--remove", "/dev/sdz4"], ["mdadm", "--run", "/dev/md125"],
            ["mdadm", "--run", "/dev/md124"], ["mdadm", "--run", "/dev/md123"],
        ])
        #expect(a[2].summary == "Fail and remove the old member /dev/sdz4 from /dev/md125 'xen1:root'" && a[2].operation == .removeMember("/dev/sdz4", array: "root"))
        #expect(a.filter { $0.kind == .addMember }.map { $0.argv![3] } == ["/dev/vdc2", "/dev/vdc3", "/dev/vdc4", "/dev/vdc5", "/dev/vdc6"])
    }

    @Test func aSmallerNewDiskIsRefusedWithTheNumbers() throws {
        let (p, base) = try degraded(failed: 1)
        var inv = base
        inv.disks[1] = Fixtures.blank("/dev/vdb", bytes: 150 << 30)
        #expect(throws: PlanError(key: "--new", "/dev/vdb is too small: it has 150.00 GiB (161061273600 bytes); the plan's members need 155.00 GiB (166432096768 bytes): "
            + "the last partition on /dev/vda ends at byte 166432079872, and a new GPT keeps 16896 bytes behind it for its backup copy. Nothing was written.")) {
            try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb"))
        }
        // Exactly large enough is enough.
        inv.disks[1] = Fixtures.blank("/dev/vdb", bytes: 166_432_096_768)
        #expect(try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb")).result.actions.count == 13)
    }

    @Test func oldSignaturesOnTheNewDiskAreRefusedWithoutWipe() throws {
        let (p, base) = try degraded(failed: 1)
        var inv = base
        inv.disks[1].signatures = [Signature(type: "linux_raid_member", usage: "raid", uuid: "u-9", label: "other:data", version: "1.2")]
        inv.disks[1].table = PartitionTableInfo(type: "msdos", id: "1234", firstUsableSector: 1, lastUsableSector: 1000, partitions: [
            PartitionInfo(number: 1, startSector: 2048, sizeSectors: 4096, mbrType: 0x83, signatures: [Signature(type: "ext4", uuid: "fs-1")]),
        ])
        #expect(throws: PlanError(key: "--new", """
            /dev/vdb is not blank:
              - whole disk: md member (metadata 1.2, array other:data, UUID u-9)
              - a msdos partition table with 1 partition(s)
              - partition 1: ext4 (UUID fs-1)
            Nothing was written. If this is the replacement disk and what it holds may be destroyed, pass --wipe.
            """)) {
            try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb"))
        }
        let r = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb", wipe: true))
        // The old partition's ends, then the disk's ends (with the places of the new partitions), then the new table.
        #expect(r.result.actions.prefix(2).map(\.kind) == [.wipeDisk, .wipeDisk])
        #expect(r.result.actions[0].device == "/dev/vdb1" && r.result.actions[0].zeroed.first == ByteRange(disk: "/dev/vdb", offset: 2048 * 512, length: 1 << 20))
        let wipe = r.result.actions[1]
        #expect(wipe.device == "/dev/vdb")
        #expect(wipe.zeroed.prefix(2) == [ByteRange(disk: "/dev/vdb", offset: 0, length: 1 << 20), ByteRange(disk: "/dev/vdb", offset: Self.size - (1 << 20), length: 1 << 20)])
        #expect(r.result.actions[2].newTable == .gpt)
    }

    @Test func theNewDiskMustNameItsPlace() throws {
        let (p, inv) = try degraded(failed: 1)
        #expect(throws: PlanError(key: "--failed", "/dev/vdc is not one of the plan's disks (/dev/vda, /dev/vdb); name the disk it replaces with --failed DISK")) {
            try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdc"))
        }
        #expect(throws: PlanError(key: "--new", "/dev/vda is another of the plan's disks, which keeps its data; the new disk must take the place of /dev/vdb")) {
            try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vda", failedDisk: "/dev/vdb"))
        }
    }

    @Test func anArrayNothingAssembledIsAssembledDegradedFromItsHealthyMember() throws {
        let (p, base) = try degraded(failed: 1)
        var inv = base
        inv.arrays.removeAll { $0.name == "xen1:ns1" }
        let a = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb")).result.actions
        #expect(a.first?.kind == .assembleArray && a.first?.argv == ["mdadm", "--assemble", "--run", "/dev/md3", "/dev/vda5"])
        #expect(a.contains { $0.argv == ["mdadm", "/dev/md3", "--add", "/dev/vdb5"] })
    }

    @Test func uefiNeedsNoBootLoaderStepAndTypesTheESPMember() throws {
        var p = try Fixtures.plan("kvm-host.yaml")
        p.disks = ["/dev/vda", "/dev/vdb"]
        let blank = Fixtures.blankInventory(p.disks, bytes: 400_000_000_000)
        var inv = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: true)
        inv.disks[1] = Fixtures.blank("/dev/vdb", bytes: 400_000_000_000)
        for i in inv.arrays.indices { inv.arrays[i].members.removeLast(); inv.arrays[i].memberDisks = ["/dev/vda"] }
        let r = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb", installBootloader: true))
        #expect(r.bootloader == nil && !r.result.actions.contains { $0.kind == .installBootloader })
        let esp = try #require(r.result.actions.first { $0.newPartition?.number == 1 }?.newPartition)
        #expect(esp.role == .espMember && esp.name == "md0-esp")
        #expect(r.result.notes.contains("Boot loader: none to install. The ESP is an array member (/dev/md0 'kvm1:esp', typed EFI System): md copies it onto /dev/vdb like the other arrays."))
        #expect(!r.result.actions.contains { $0.kind == .addBootEntry })
        // Where the system has EFI variables, the new disk gets its boot entry, after its ESP member joins.
        inv.host = HostProbe()
        inv.host!.efi = EFIBoot()
        let withVars = try Planner.replace(p, inventory: inv, options: ReplaceOptions(newDisk: "/dev/vdb")).result.actions
        #expect(withVars.last?.argv == ["efibootmgr", "--create", "--disk", "/dev/vdb", "--part", "1", "--label", "kvm1 (vdb)", "--loader", "\\EFI\\BOOT\\BOOTX64.EFI"])
        var quiet = ReplaceOptions(newDisk: "/dev/vdb")
        quiet.noBootloader = true
        #expect(!(try Planner.replace(p, inventory: inv, options: quiet).result.actions.contains { $0.kind == .addBootEntry }))
    }
}
