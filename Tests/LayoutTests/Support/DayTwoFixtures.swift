@testable import Layout

/// Servers laid out by other tools, as the probe sees them.
enum DayTwo {
    static let gib: UInt64 = 1 << 30
    static let disks = ["/dev/vda", "/dev/vdb"]
    static let uuids = ["3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b40", "3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b41",
                        "3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b42", "3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b43"]

    /// One array: (member size in MiB, format, use of the running array).
    struct Spec {
        var mib: UInt64
        var format: String?
        var use: DeviceUse.Kind?
        var mount: String?
    }

    static let installimage: [Spec] = [
        Spec(mib: 512, format: "swap", use: .swap),
        Spec(mib: 256, format: "ext4", use: .mounted, mount: "/boot"),
        Spec(mib: 2048, format: "ext4", use: .mounted, mount: "/"),
        Spec(mib: 1024, format: nil, use: .open),
    ]

    /// installimage on GPT: bios_grub #1 at 1 MiB, unnamed members #2..., arrays `rescue:N` with
    /// metadata 1.2 running as md127 downwards; or on msdos: #1, #2 primary, extended #4 with
    /// logicals #5..., metadata 0.90 (no name) running as md0... (`primaries` of them primary).
    static func inventory(msdos: Bool = false, specs: [Spec] = installimage, diskBytes: UInt64 = 20 * gib, primaries: Int = 2) -> Inventory {
        var partsPerDisk: [[PartitionInfo]] = [[], []]
        var arrays: [RunningArray] = []
        var uses: [DeviceUse] = []
        var start: UInt64 = msdos ? 2048 : 4096
        if !msdos {
            for k in 0..<2 { partsPerDisk[k].append(PartitionInfo(number: 1, startSector: 2048, sizeSectors: 2048, typeGUID: PartitionRole.biosGrub.gptTypeGUID, flags: ["bios_grub"])) }
        }
        var extendedAt: UInt64?
        for (i, s) in specs.enumerated() {
            let logical = msdos && i >= primaries
            if logical, extendedAt == nil {
                extendedAt = start
                start += 2048
            }
            let number = msdos ? (logical ? 5 + i - primaries : i + 1) : i + 2
            let sectors = s.mib * 2048
            let md = msdos ? "/dev/md\(i)" : "/dev/md\(127 - i)"
            let sig = Signature(type: "linux_raid_member", usage: "raid", uuid: uuids[i], label: msdos ? nil : "rescue:\(i)", version: msdos ? "0.90.0" : "1.2")
            for k in 0..<2 {
                partsPerDisk[k].append(PartitionInfo(number: number, startSector: start, sizeSectors: sectors, kind: logical ? .logical : .primary,
                                                     typeGUID: msdos ? nil : PartitionRole.raidMember.gptTypeGUID, mbrType: msdos ? 0xfd : nil,
                                                     flags: ["raid"], signatures: [sig]))
                uses.append(DeviceUse(device: "\(disks[k])\(number)", disk: disks[k], partition: number, kind: .holder, holder: md, release: "mdadm --stop \(md)"))
            }
            arrays.append(RunningArray(device: md, level: "raid1", metadata: msdos ? "0.90" : "1.2", members: disks.map { "\($0)\(number)" },
                                       sizeBytes: sectors * 512 - 8 << 20, name: msdos ? nil : "rescue:\(i)", uuid: uuids[i],
                                       signatures: s.format.map { [Signature(type: $0, uuid: "fs-\(i)")] } ?? [], memberDisks: disks, state: "clean"))
            if let u = s.use {
                let holder = u == .mounted ? s.mount! : u == .swap ? "swap" : "pid 812 (qemu-system-x86)"
                uses.append(DeviceUse(device: md, kind: u, holder: holder, release: "-"))
            }
            start += sectors + (msdos ? 2048 : 0)
        }
        if let e = extendedAt {
            for k in 0..<2 { partsPerDisk[k].append(PartitionInfo(number: 4, startSector: e, sizeSectors: diskBytes / 512 - e, kind: .extended, mbrType: 0x05)) }
        }
        let disks = (0..<2).map { k in
            DiskInfo(path: Self.disks[k], isBlockDevice: true, sizeBytes: diskBytes,
                     table: PartitionTableInfo(type: msdos ? "msdos" : "gpt", id: "id\(k)", firstUsableSector: msdos ? 1 : 34,
                                               lastUsableSector: diskBytes / 512 - (msdos ? 1 : 34), partitions: partsPerDisk[k].sorted { $0.startSector < $1.startSector }))
        }
        return Inventory(disks: disks, arrays: arrays, uses: uses)
    }
}
