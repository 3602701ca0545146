import Foundation
import Testing

@Suite struct ConvertInstallimageTests {
    /// configs/simple-debian64-raid of github.com/hetzneronline/installimage (commit d7805b2).
    static let simpleDebianRaid = """
        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb

        SWRAID 1
        SWRAIDLEVEL 1

        BOOTLOADER grub

        HOSTNAME Debian-stable-amd64-base

        PART swap swap 2G
        PART /boot ext3 1024M
        PART /     ext4 all

        IMAGE /root/images/Debian-stable-amd64-base.tar.gz

        """

    func withFile<T>(_ text: String, _ body: (String, URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-ii-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("install.conf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try body(file.path, dir)
    }

    @Test func convertedPlanIsTheGoldenOneAndPlansOnImages() throws {
        try withFile(Self.simpleDebianRaid) { conf, dir in
            let out = dir.appendingPathComponent("plan.yaml").path
            let r = try CLI.run(["convert-installimage", conf, "--out", out])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            let plan = try String(contentsOfFile: out, encoding: .utf8)
            let golden = try String(contentsOf: CLI.repo.appendingPathComponent("Tests/golden/installimage/simple-debian64-raid.yaml"), encoding: .utf8)
            #expect(plan == golden.replacingOccurrences(of: "converted from install.conf", with: "converted from \(conf)"))
            let stdout = try CLI.run(["convert-installimage", conf])
            #expect(stdout.stdout == plan)
            try CLI.withImages([500_107_862_016, 500_107_862_016]) { disks in
                // IMAGE became image:, which names a file this machine does not have: refused, naming it.
                let missing = try CLI.run(["plan", out, "--disk", disks[0], "--disk", disks[1]])
                #expect(missing.status == 1)
                #expect(missing.stderr.contains("image: cannot use /root/images/Debian-stable-amd64-base.tar.gz: No such file or directory"), "\(missing.stderr)")
                // A root archive there (the names the checks look for), and it plans the install.
                let archive = try Self.rootArchive(in: dir)
                let text = try String(contentsOfFile: out, encoding: .utf8).replacingOccurrences(of: "/root/images/Debian-stable-amd64-base.tar.gz", with: archive)
                try text.write(toFile: out, atomically: true, encoding: .utf8)
                let p = try CLI.run(["plan", out, "--disk", disks[0], "--disk", disks[1]])
                #expect(p.status == 2, "\(p.stderr)")
                #expect(p.stdout.contains("Install the image \(archive) on the host's / (/dev/md2)"))
                #expect(p.stdout.contains("$ chroot /run/diskplan/host grub-install --target=i386-pc \(disks[1])"))
                #expect(p.stdout.contains("Create MD RAID1 /dev/md1 (1023.93 MiB) 'Debian-stable-amd64-base:boot'"))
                #expect(p.stdout.contains("$ mkfs.ext4"))
            }
        }
    }

    /// A tar.gz with what the image checks look for: /etc, a kernel, mdadm, initramfs-tools and GRUB for BIOS.
    static func rootArchive(in dir: URL) throws -> String {
        let root = dir.appendingPathComponent("root")
        for d in ["etc", "boot", "usr/sbin", "usr/lib/grub/i386-pc"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        for f in ["boot/vmlinuz-6.1.0-57-amd64", "usr/sbin/mdadm", "usr/sbin/update-initramfs", "usr/sbin/grub-install", "usr/sbin/update-grub"] {
            try "x".write(to: root.appendingPathComponent(f), atomically: true, encoding: .utf8)
        }
        let archive = dir.appendingPathComponent("root.tar.gz").path
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["--create", "--gzip", "--file", archive, "--directory", root.path, "."]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)
        return archive
    }

    @Test func lvmIsRefusedNamingTheLineAndNothingIsWritten() throws {
        let lvm = Self.simpleDebianRaid.replacingOccurrences(of: "PART /     ext4 all", with: "PART lvm vg0 all\nLV vg0 root / ext4 20G")
        try withFile(lvm) { conf, dir in
            let out = dir.appendingPathComponent("plan.yaml").path
            let r = try CLI.run(["convert-installimage", conf, "--out", out])
            #expect(r.status == 1)
            #expect(r.stderr == "diskplan: \(conf):13: PART: lvm: diskplan makes no LVM volume groups. Give each file system its own array (PART /mount fs size) instead\n")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func hostReplacesTheConfigsHostname() throws {
        try withFile(Self.simpleDebianRaid) { conf, _ in
            let r = try CLI.run(["convert-installimage", conf, "--host", "kvm7"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("host: kvm7                        # from --host\n"))
            let bad = try CLI.run(["convert-installimage", conf, "--host", "a_b"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("'a_b' is not a short host name"))
        }
    }
}
