import FoundationEssentials
public import Layout
import Platform

/// Reads whether a disk carries GRUB's BIOS boot code: boot.img in the MBR
/// (it holds the text "GRUB " for its error messages) and a core image at the
/// start of the bios_grub partition (not all zeros). Reads two sectors.
public enum BootCodeReader {
    public static func read(_ disk: DiskInfo) -> BootCode? {
        guard let mbr = try? bytes(disk.path, at: 0, count: 440) else { return nil }
        let grub = Array("GRUB ".utf8)
        let hasGrub = mbr.indices.dropLast(grub.count).contains { Array(mbr[$0..<$0 + grub.count]) == grub }
        let bg = disk.table?.partitions.first { $0.flags.contains("bios_grub") || $0.typeGUID == PartitionRole.biosGrub.gptTypeGUID }
        let core = bg.flatMap { p in try? bytes(disk.path, at: p.startSector * UInt64(disk.logicalSectorSize), count: 512) }
        return BootCode(mbrGrub: hasGrub, coreImage: bg == nil ? nil : core.map { $0.contains { $0 != 0 } } ?? false)
    }

    /// The boot code of each disk that could be read, by path.
    public static func read(_ disks: [DiskInfo]) -> [String: BootCode] {
        Dictionary(disks.compactMap { d in read(d).map { (d.path, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether the disk's ESP member (GPT type EFI System) holds GRUB at the removable path;
    /// nil without an ESP member.
    public static func efiLoader(_ disk: DiskInfo) -> Bool? {
        guard let esp = disk.espMember else { return nil }
        return FATReader.fileExists(device: disk.path, offset: esp.startSector * UInt64(disk.logicalSectorSize), path: ["EFI", "BOOT", "BOOTX64.EFI"]) ?? false
    }

    static func bytes(_ path: String, at offset: UInt64, count: Int) throws -> [UInt8] {
        try Posix.withDescriptor(path, flags: O_RDONLY | O_CLOEXEC) { fd in
            var buf = [UInt8](repeating: 0, count: count)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            guard n == count else { throw DeviceError(path: path, operation: "read boot code", message: "short read") }
            return buf
        }
    }
}
