import Foundation
import Testing
@testable import Layout

@Suite struct InstallimageTests {
    typealias X = InstallimageExamples

    func convert(_ text: String, host: String? = nil) throws -> (yaml: String, plan: Plan) {
        let yaml = try InstallimageConverter.convert(text, file: "install.conf", host: host)
        return (yaml, try PlanParser.parse(yaml, file: "converted.yaml"))
    }

    /// The comments as running text: wrapped lines joined.
    func prose(_ yaml: String) -> String {
        yaml.replacing(/\n *#(?: +- | +)?/, with: " ")
    }

    func refusal(_ text: String, host: String? = nil) -> PlanError? {
        do {
            _ = try InstallimageConverter.convert(text, file: "install.conf", host: host)
            return nil
        } catch {
            return error
        }
    }

    /// The converted documented examples, kept in Tests/golden/installimage/ (DISKPLAN_UPDATE_GOLDEN=1 rewrites them).
    @Test func documentedExamplesMatchTheirGoldenPlans() throws {
        let examples: [(String, String, String?)] = [
            ("simple-debian64-raid", X.simpleDebianRaid, nil),
            ("standard-example", X.standardExample, "kvm1"),
            ("standard-example-uefi", X.standardExampleUEFI, nil),
            ("default-big-four-drives", X.defaultBigFourDrives, nil),
        ]
        for (name, text, host) in examples {
            let yaml = try convert(text, host: host).yaml
            let url = Fixtures.repo.appendingPathComponent("Tests/golden/installimage/\(name).yaml")
            if ProcessInfo.processInfo.environment["DISKPLAN_UPDATE_GOLDEN"] == "1" {
                try yaml.write(to: url, atomically: true, encoding: .utf8)
            }
            #expect(yaml == (try String(contentsOf: url, encoding: .utf8)), "golden \(name).yaml differs")
        }
    }

    @Test func simpleRaidKeepsOrderSizesAndMountsAndNotesEachDifference() throws {
        let (yaml, plan) = try convert(X.simpleDebianRaid)
        #expect(plan.host == "Debian-stable-amd64-base" && plan.disks == ["/dev/sda", "/dev/sdb"])
        #expect(plan.label == .gpt && plan.firmware == .bios)
        #expect(plan.arrays.map(\.name) == ["swap", "boot", "root"])
        #expect(plan.arrays.map(\.md) == [0, 1, 2])
        #expect(plan.arrays.map(\.sizeBytes) == [2 << 30, 1 << 30, nil])
        #expect(plan.arrays.map(\.format) == [.swap, .ext4, .ext4])
        #expect(plan.arrays.map(\.mount) == [nil, "/boot", "/"])
        #expect(plan.arrays.map(\.level) == [.raid1, .raid1, .raid1])
        #expect(plan.arrays.map(\.metadata) == ["1.2", "1.0", "1.2"])
        #expect(yaml.contains("  # PART /boot ext3 1024M\n"), "each entry under the line it came from")
        for note in ["formatted ext4 (installimage: ext3)", "metadata 1.0 (installimage: 1.2)",
                     "installimage sizes this last partition per disk", "--homehost Debian-stable-amd64-base",
                     "internal write-intent bitmap", "MS-DOS table on disks below 2 TiB", "bios_grub last"] {
            #expect(prose(yaml).contains(note), "\(note)")
        }
        // IMAGE becomes image:, and BOOTLOADER grub is what diskplan installs: neither is left to installimage.
        #expect(yaml.contains("image: /root/images/Debian-stable-amd64-base.tar.gz # IMAGE: apply installs it, with GRUB on every disk\n"))
        #expect(plan.image == "/root/images/Debian-stable-amd64-base.tar.gz" && !prose(yaml).contains("left to installimage"))
        // It plans: identical members on two blank 500 GB disks.
        var inventory = Fixtures.blankInventory(plan.disks, bytes: 500_107_862_016)
        inventory.host = HostProbe(image: Fixtures.image(plan.image!))
        let r = try Planner.plan(plan, inventory: inventory)
        #expect(r.disks[0].partitions.map(\.sizeSectors) == r.disks[1].partitions.map(\.sizeSectors))
        #expect(r.arrays.map(\.md) == ["/dev/md0", "/dev/md1", "/dev/md2"])
    }

    @Test func bootAndSwapStayRAID1UnderAnotherLevel() throws {
        let (yaml, plan) = try convert(X.defaultBigFourDrives)
        #expect(plan.arrays.map(\.level) == [.raid1, .raid1, .raid6, .raid6])
        #expect(plan.arrays.map(\.sizeBytes) == [4 << 30, 1 << 30, 1024 << 30, nil])
        #expect(yaml.contains("raid: {level: 6}"))
        #expect(yaml.contains("RAID1, as installimage makes swap unless SWRAIDLEVEL is 0"))
        #expect(yaml.contains("RAID1, as installimage makes /boot whatever SWRAIDLEVEL says"))
        let r = try Planner.plan(plan, inventory: Fixtures.blankInventory(plan.disks, bytes: 4_000_787_030_016))
        // RAID6 of four: each member holds half of the 1 TiB array.
        #expect(r.disks[0].partitions.first { $0.name == "md2-root" }?.sizeBytes == 512 << 30)
    }

    @Test func anESPMeansUEFIAndNoBiosGrub() throws {
        let (yaml, plan) = try convert(X.standardExampleUEFI)
        #expect(plan.firmware == .uefi)
        let esp = try #require(plan.arrays.first { $0.isESP })
        #expect(esp.name == "esp" && esp.format == .vfat && esp.metadata == "1.0" && esp.sizeBytes == 256 << 20 && esp.md == 2)
        #expect(plan.arrays.map(\.name) == ["swap", "boot", "esp", "root", "tmp", "home"])
        #expect(plan.arrays.map(\.format) == [.swap, .ext4, .vfat, .ext4, .xfs, .ext4])
        #expect(!yaml.contains("MS-DOS") && !yaml.contains("bios_grub"))
    }

    @Test func aLongHostNameAsksForHost() throws {
        let e = try #require(refusal(X.standardExample))
        #expect(e.description == "install.conf:5: HOSTNAME: 'Debian-1204-precise-64-minimal' is not a short host name diskplan can use as homehost (letters, digits, '-'; at most 24); pass --host NAME")
        #expect(try convert(X.standardExample, host: "kvm1").plan.host == "kvm1")
        #expect(try convert(X.proxmox8.replacingOccurrences(of: "PART  lvm    vg0    all", with: "PART / ext4 all")
            .replacingOccurrences(of: "LV ", with: "#LV ")).plan.host == "Proxmox-VE")
    }

    @Test func documentedConfigsDiskplanCannotBuildAreRefusedWithTheReason() throws {
        let cases: [(String, String)] = [
            (X.proxmox8, "install.conf:16: PART: lvm: diskplan makes no LVM volume groups."),
            (X.standardLVMExample, "install.conf:7: PART: lvm: diskplan makes no LVM volume groups."),
            (X.standardBtrfsExample, "install.conf:5: PART: diskplan formats swap, ext4, xfs and vfat (or leaves an array raw with PART none none); not btrfs"),
            (X.simpleDebianNoRaid, "install.conf:6: SWRAID: diskplan builds software RAID only; without SWRAID 1 installimage installs on DRIVE1 alone"),
        ]
        for (text, message) in cases {
            let e = try #require(refusal(text))
            #expect(e.description.hasPrefix(message), "\(e.description)")
        }
    }

    @Test func rawArraysLVAndCryptAndBadLines() throws {
        let head = "DRIVE1 /dev/sda\nDRIVE2 /dev/sdb\nSWRAID 1\nHOSTNAME h1\n"
        let raw = try convert(head + "PART /boot ext4 1G\nPART / ext4 30G\nPART none none 50G\nPART none none all\n")
        #expect(raw.plan.arrays.map(\.name) == ["boot", "root", "raw2", "raw3"])
        #expect(raw.plan.arrays.map(\.format) == [.ext4, .ext4, .raw, .raw])
        #expect(raw.yaml.contains("  - {name: raw2, md: 2, size: 50G}"))
        #expect(raw.yaml.contains("raw, like PART none none"))
        #expect(raw.yaml.contains("raid: {level: 1}                  # SWRAID 1, no SWRAIDLEVEL: installimage's default 1\n"))
        let bad: [(String, String)] = [
            ("LV vg0 root / ext4 10G\n", "install.conf:5: LV: diskplan makes no LVM logical volumes"),
            ("PART / ext4 all crypt\n", "install.conf:5: PART: diskplan does not encrypt (no LUKS)"),
            ("CRYPTPASSWORD secret\nPART / ext4 all\n", "install.conf:5: CRYPTPASSWORD: diskplan does not encrypt"),
            ("PART / ext4 all\nPART /home ext4 10G\n", "install.conf:5: PART: only the last PART may be 'all'"),
            ("PART / ext4 1.5G\n", "install.conf:5: PART: '1.5G' is not a size installimage reads"),
            ("PART /srv btrfs 10G\n", "install.conf:5: PART: diskplan formats swap, ext4, xfs and vfat"),
            ("PART /data none 10G\n", "install.conf:5: PART: no file system, but mounted on /data"),
            ("PART / ext4 10G\nPART / xfs 10G\n", "install.conf:6: PART: / is given twice (first on line 5)"),
            ("DRIVE4 /dev/sdd\nPART / ext4 all\n", "install.conf:5: DRIVE4: drives must be numbered DRIVE1, DRIVE2, ... in order"),
            ("SWRAIDLEVEL 5\nPART / ext4 all\n", "install.conf:5: SWRAIDLEVEL: RAID5 needs at least 3 drives; the config names 2"),
            ("SWRAIDLEVEL 4\nPART / ext4 all\n", "install.conf:5: SWRAIDLEVEL: must be 0, 1, 5, 6 or 10"),
            ("HOSTNAME other\n", "install.conf:5: HOSTNAME: HOSTNAME is given twice (first on line 4)"),
            ("IMAGE x.tar\n", "install.conf: PART: the config has no PART lines"),
        ]
        for (tail, message) in bad {
            let e = try #require(refusal(head + tail), "\(tail)")
            #expect(e.description.hasPrefix(message), "\(e.description)")
        }
    }

    @Test func sizesAreMiBWhenBareAndNotesForOddRAID10() throws {
        let head = "DRIVE1 /dev/sda\nDRIVE2 /dev/sdb\nDRIVE3 /dev/sdc\nSWRAID 1\nSWRAIDLEVEL 10\nHOSTNAME h3\n"
        let c = try convert(head + "PART /boot ext4 512\nPART / ext4 100G\nPART /srv xfs all\n")
        #expect(c.plan.arrays.map(\.sizeBytes) == [512 << 20, 100 << 30, nil])
        #expect(c.yaml.contains("size: 512M"))
        #expect(prose(c.yaml).contains("installimage would size each member 100G / 1 (whole drives), making the array larger than 100G"))
        #expect(InstallimageConfig.mebibytes("2T") == 2 << 20 && InstallimageConfig.mebibytes("3GiB") == 3072)
        #expect(InstallimageConfig.mebibytes("0") == nil && InstallimageConfig.mebibytes("G") == nil)
    }
}
