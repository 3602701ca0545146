import Foundation
import Testing
@testable import Apply
@testable import Layout

/// What the install reads below a mounted host root.
@Suite struct HostRootReaderTests {
    @Test func theInstallsOwnMountPointsDoNotMakeARootPopulated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostroot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for d in ["lost+found", "boot/efi", "dev/pts", "proc", "sys"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        let empty = HostRootReader.read(dir: dir.path, device: "/dev/md2", espMounted: false, mountPoints: ["/boot", "/boot/efi"])
        #expect(!empty.populated && empty.installed.isEmpty && empty.fstab == nil)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("etc/mdadm"), withIntermediateDirectories: true)
        try "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n".write(to: dir.appendingPathComponent("etc/os-release"), atomically: true, encoding: .utf8)
        try "vmlinuz".write(to: dir.appendingPathComponent("boot/vmlinuz-6.1.0-57-amd64"), atomically: true, encoding: .utf8)
        try HostRootReader.record("image bookworm.tar.gz 1", dir: dir.path)
        try HostRootReader.record("initramfs 0123", dir: dir.path)
        let full = HostRootReader.read(dir: dir.path, device: "/dev/md2", espMounted: false, mountPoints: ["/boot"])
        #expect(full.populated && full.system == "Debian GNU/Linux 12 (bookworm)")
        #expect(full.installed == ["image bookworm.tar.gz 1", "initramfs 0123"])
        #expect(full.kernels == ["vmlinuz-6.1.0-57-amd64"])
    }

    @Test func anArchiveIsReadByItsListing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("image-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("root")
        for d in ["etc", "usr/sbin", "usr/lib/grub/i386-pc", "boot"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        for f in ["usr/sbin/mdadm", "usr/sbin/grub-install", "usr/sbin/update-grub", "usr/sbin/update-initramfs"] {
            try "x".write(to: root.appendingPathComponent(f), atomically: true, encoding: .utf8)
        }
        try String(repeating: "k", count: 5000).write(to: root.appendingPathComponent("boot/vmlinuz-6.1.0-57-amd64"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("vmlinuz").path, withDestinationPath: "boot/vmlinuz-6.1.0-57-amd64")
        let archive = dir.appendingPathComponent("root.tar.gz").path
        _ = try ProcessRunner().run(["tar", "--create", "--gzip", "--file", archive, "--directory", root.path, "."])
        let info = ImageReader.read(archive)
        #expect(info.problem == nil)
        #expect(info.kernels == ["vmlinuz-6.1.0-57-amd64"])
        #expect(info.bootBytes == 5000 && info.unpackedBytes == 5004)
        #expect(info.has("sbin/mdadm") && info.found.contains("usr/lib/grub/i386-pc") && !info.found.contains("usr/lib/grub/x86_64-efi"))
        #expect(ImageCheck.contentProblems(info, firmware: .bios).isEmpty)
        #expect(ImageCheck.contentProblems(info, firmware: .uefi) == ["has no GRUB for UEFI boot (usr/lib/grub/x86_64-efi: Debian's grub-efi-amd64-bin), which firmware: uefi needs"])
        let notTar = ImageReader.read(root.appendingPathComponent("usr/sbin/mdadm").path)
        #expect(notTar.problem?.hasPrefix("not a readable tar archive") == true, "\(notTar)")
        #expect(ImageReader.read(dir.appendingPathComponent("nothing.tar").path).problem == "No such file or directory")
    }
}

/// The ESP loader check reads FAT as firmware does, from the member itself.
@Suite struct FATReaderTests {
    @Test(arguments: ["12", "16", "32"])
    func findsTheRemovablePathLoader(_ bits: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let disk = dir.appendingPathComponent("disk.img").path
        let run = { (argv: [String]) in _ = try ProcessRunner().run(argv) }
        try run(["truncate", "-s", "80M", disk])
        try run(["sgdisk", "-n", "1:2048:+70M", "-t", "1:EF00", disk])
        // An ESP at 1 MiB, with files in subdirectories, written by mtools as another system would.
        try run(["mkfs.vfat", "-F", bits, "--offset", "2048", disk, bits == "12" ? "8000" : "70000"])
        let at = disk + "@@1M"
        try run(["mmd", "-i", at, "::EFI", "::EFI/BOOT", "::EFI/debian"])
        for n in 0..<40 { try run(["mmd", "-i", at, "::EFI/debian/d\(n)"]) }   // a directory of several clusters
        try "loader".write(toFile: dir.appendingPathComponent("BOOTX64.EFI").path, atomically: true, encoding: .utf8)
        try run(["mcopy", "-i", at, dir.appendingPathComponent("BOOTX64.EFI").path, "::EFI/debian/grubx64.efi"])
        let info = try Probe.disk(disk)
        #expect(BootCodeReader.efiLoader(info) == false, "no loader yet")
        try run(["mcopy", "-i", at, dir.appendingPathComponent("BOOTX64.EFI").path, "::EFI/BOOT/BOOTX64.EFI"])
        #expect(BootCodeReader.efiLoader(info) == true)
        #expect(FATReader.fileExists(device: disk, offset: 1 << 20, path: ["EFI", "DEBIAN", "GRUBX64.EFI"]) == true)
        #expect(FATReader.fileExists(device: disk, offset: 1 << 20, path: ["EFI", "BOOT"]) == false, "a directory is not the file")
        #expect(FATReader.fileExists(device: disk, offset: 0, path: ["EFI"]) == nil, "no FAT at the disk's start")
    }
}
