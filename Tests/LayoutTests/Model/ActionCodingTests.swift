import Foundation
import Testing
@testable import Layout

/// Every kind of action written as JSON and read back: the same action, under
/// the keys each kind has always written (saved plans from `plan --out` still read).
struct ActionCodingTests {
    static let step = InstallStep(root: "/run/diskplan/host", mounts: [], image: "/srv/image.tar", imageIdentity: "id", host: "xen1", entries: [])
    static let range = ByteRange(disk: "/dev/sda", offset: 0, length: 1 << 20)
    static let part = PlannedPartition(number: 2, startSector: 4096, sizeSectors: 8192, role: .raidMember, name: "md0-swap")

    /// Each operation with the keys besides `kind`, `device` and `summary` its JSON holds.
    static let cases: [(Action.Operation, argv: [String]?, keys: Set<String>)] = [
        (.stopArray, ["mdadm", "--stop", "/dev/md0"], ["argv"]),
        (.wipeDisk(disk: "/dev/sda", ranges: [range]), nil, ["disk", "ranges"]),
        (.createTable(.gpt, disk: "/dev/sda"), nil, ["disk", "table"]),
        (.createPartition(part, disk: "/dev/sda"), nil, ["disk", "partition"]),
        (.wipeSignatures([range], array: "swap"), nil, ["ranges", "array"]),
        (.wipeSignatures([range], array: nil), nil, ["ranges"]),
        (.createArray(array: "swap"), ["mdadm", "--create"], ["argv", "array"]),
        (.assembleArray(array: "swap"), ["mdadm", "--assemble"], ["argv", "array"]),
        (.makeSwap(array: "swap"), ["mkswap"], ["argv", "array"]),
        (.makeFilesystem(array: "root"), ["mkfs.ext4"], ["argv", "array"]),
        (.remakeFilesystem(array: "root"), ["mkfs.ext4", "-F"], ["argv", "array"]),
        (.removeMember("/dev/sdb2", array: "swap"), ["mdadm"], ["argv", "array", "member"]),
        (.startArray(array: "swap"), ["mdadm", "--run"], ["argv", "array"]),
        (.addMember("/dev/sdb2", array: "swap"), ["mdadm"], ["argv", "array", "member"]),
        (.installBootloader(disk: "/dev/sda", host: nil), ["grub-install", "/dev/sda"], ["argv", "disk"]),
        (.installBootloader(disk: nil, host: step), ["chroot"], ["argv", "install"]),
        (.addBootEntry(disk: "/dev/sda", part: 1, label: "xen1 sda", host: step),
         HostInstall.efibootmgr(disk: "/dev/sda", part: 1, label: "xen1 sda"), ["argv", "disk", "install"]),
        (.mountHost(step), nil, ["install"]),
        (.extractImage(step), ["tar"], ["argv", "install"]),
        (.writeFstab(step), nil, ["install"]),
        (.writeMdadmConf(step), nil, ["install"]),
        (.updateInitramfs(step), ["chroot"], ["argv", "install"]),
        (.writeBootMenu(step), ["chroot"], ["argv", "install"]),
        (.unmountHost(step), ["umount"], ["argv", "install"]),
    ]

    @Test func everyKindReadsBackAsWritten() throws {
        for (operation, argv, keys) in Self.cases {
            let a = Action(operation, device: "/dev/x", summary: "s", argv: argv)
            let json = try JSONEncoder().encode(a)
            #expect(try JSONDecoder().decode(Action.self, from: json) == a, "\(a.kind)")
            let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            #expect(Set(object.keys) == keys.union(["kind", "device", "summary"]), "\(a.kind)")
            #expect(object["kind"] as? String == a.kind.rawValue)
        }
    }

    @Test func aBootEntryWithoutItsPartitionInItsCommandIsRefused() {
        let json = Data(#"{"kind":"add_boot_entry","device":"/dev/sda","summary":"s","disk":"/dev/sda","argv":["efibootmgr"]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Action.self, from: json) }
    }
}
