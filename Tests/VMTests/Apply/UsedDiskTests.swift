import Foundation
import Testing

/// Used disks on the rescue system (compare curtin's dirty_disks tests). A
/// first boot plants what earlier installs leave behind; the second boots the
/// rescue system on them, udev assembles what it finds, and diskplan must
/// refuse without `--wipe` (no byte changed), refuse `--wipe` while something
/// holds a device, and with `--wipe` end exactly as on blank disks; a third
/// boot must assemble the plans' arrays and nothing old.
@Suite(.serialized)
struct UsedDiskTests {
    static let gb: UInt64 = 1_000_000_000

    /// Each case: a pair of disks, what is planted on them, and the plan for them.
    struct Case {
        var name: String
        var disks: (Int, Int)
        var plant: String
        /// A line `plan` must print about what it found.
        var finding: String
        var plan: String
    }

    static func byID(_ n: Int) -> String { "/dev/disk/by-id/virtio-vmdisk\(n)" }
    static func dev(_ n: Int) -> String { "/dev/vd" + String(UnicodeScalar(UInt8(ascii: "a") + UInt8(n))) }

    static func smallPlan(host: String, md: Int, _ a: Int, _ b: Int) -> String {
        """
        host: \(host)
        disks: [\(byID(a)), \(byID(b))]
        arrays:
          - {name: swap, md: \(md), size: 512M, format: swap}
          - {name: boot, md: \(md + 1), size: 256M, format: ext4, mount: /boot}
          - {name: root, md: \(md + 2), size: 2G, format: ext4, mount: /}
        guests:
          - {name: g1, md: \(md + 3), size: 1G}

        """
    }

    static var cases: [Case] {
        let xen = (try? String(contentsOf: VM.repoRoot.appendingPathComponent("plans/xen-host.yaml"), encoding: .utf8)) ?? ""
        return [
            Case(name: "install", disks: (0, 1), plant: """
                for d in vda vdb; do
                    sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+4G -t2:FD00 -n3:0:+1G -t3:FD00 -n4:0:+30G -t4:FD00 /dev/$d
                done
                udevadm settle
                for n in 0 1 2; do mdadm --create /dev/md/$n --run -l1 -n2 --metadata=1.2 /dev/vda$((n + 2)) /dev/vdb$((n + 2)); done
                mkswap /dev/md/0; mkfs.ext4 -q /dev/md/1; mkfs.ext4 -q -L oldroot /dev/md/2
                """, finding: "array rescue:2", plan: xen.replacingOccurrences(of: "disks: [/dev/sda, /dev/sdb]", with: "disks: [\(byID(0)), \(byID(1))]")),
            Case(name: "stale090", disks: (2, 3), plant: """
                mdadm --create /dev/md90 --run -l1 -n2 --metadata=0.90 /dev/vdc /dev/vdd
                mdadm --stop /dev/md90
                """, finding: "md member (metadata 0.90.0", plan: smallPlan(host: "c2", md: 20, 2, 3)),
            Case(name: "backupgpt", disks: (4, 5), plant: """
                for d in vde vdf; do
                    sgdisk -n1:2048:+1G -t1:8300 -n2:0:+1G -t2:8300 /dev/$d
                    dd if=/dev/zero of=/dev/$d bs=512 count=34 conv=fsync status=none
                done
                """, finding: "gpt", plan: smallPlan(host: "c3", md: 30, 4, 5)),
            Case(name: "lvm", disks: (6, 7), plant: """
                for d in vdg vdh; do sgdisk -n1:2048:+2G -t1:8E00 /dev/$d; done
                udevadm settle
                pvcreate -q /dev/vdg1 /dev/vdh1 && vgcreate -q vgold /dev/vdg1 /dev/vdh1 && lvcreate -q -y -L 100M -n data vgold
                vgchange -an vgold
                """, finding: "LVM2_member", plan: smallPlan(host: "c4", md: 40, 6, 7)),
            Case(name: "luks", disks: (8, 9), plant: """
                printf secret > /tmp/key
                for d in vdi vdj; do
                    sgdisk -n1:2048:+2G -t1:8309 /dev/$d
                    udevadm settle
                    cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file /tmp/key /dev/${d}1
                done
                """, finding: "crypto_LUKS", plan: smallPlan(host: "c5", md: 50, 8, 9)),
            Case(name: "wholedisk", disks: (10, 11), plant: """
                mdadm --create /dev/md/old --run -l1 -n2 --metadata=1.2 /dev/vdk /dev/vdl
                """, finding: "whole disk: md member (metadata 1.2, array rescue:old", plan: smallPlan(host: "c6", md: 60, 10, 11)),
        ]
    }

    /// Sums of the areas diskplan writes (tables, superblocks at the ends of
    /// disks and old partitions): a refused run must leave them as they were.
    static let sums = """
        sums() {
            for d in "$@"; do
                printf '%s ' "$d"
                { dd if=$d bs=1M count=64 status=none; dd if=$d bs=1M skip=$(( $(blockdev --getsize64 $d) / 1048576 - 4 )) status=none
                  for p in ${d}[0-9]*; do [ -b "$p" ] || continue; dd if=$p bs=1M count=1 status=none
                      dd if=$p bs=1M skip=$(( $(blockdev --getsize64 $p) / 1048576 - 1 )) status=none; done; } | sha256sum | cut -c1-16
            done
        }
        """

    static func caseScript(_ c: Case) -> String {
        let (a, b) = c.disks
        let disks = "--disk \(byID(a)) --disk \(byID(b))"
        let wipe = "--wipe \(byID(a)) --wipe \(byID(b))"
        let r = "$RESULTS/\(c.name)"
        let release = c.name == "lvm" ? """
            diskplan apply /input/\(c.name).yaml \(disks) \(wipe) --yes > \(r)-held.txt 2>&1; echo $? > \(r)-held.status
            sums \(dev(a)) \(dev(b)) > \(r)-sums-held
            vgchange --setautoactivation n vgold && vgchange -an vgold; udevadm settle
            """ : ""
        return """
            mkdir -p $RESULTS
            cat /proc/mdstat > \(r)-mdstat-before
            sums \(dev(a)) \(dev(b)) > \(r)-sums-before
            diskplan plan /input/\(c.name).yaml \(disks) > \(r)-refused.txt 2>&1; echo $? > \(r)-refused.status
            diskplan apply /input/\(c.name).yaml \(disks) --yes > \(r)-refused-apply.txt 2>&1; echo $? > \(r)-refused-apply.status
            sums \(dev(a)) \(dev(b)) > \(r)-sums-after
            \(release)
            diskplan apply /input/\(c.name).yaml \(disks) \(wipe) --yes > \(r)-apply.txt 2>&1; echo $? > \(r)-apply.status
            diskplan plan /input/\(c.name).yaml \(disks) > \(r)-plan-again.txt 2>&1; echo $? > \(r)-plan-again.status
            blkid -p -o export \(dev(a))* \(dev(b))* > \(r)-blkid 2>&1

            """
    }

    static func describe(_ r: VMResult, _ what: String = "") -> Comment {
        let files = r.files.keys.sorted().map { "--- \($0)\n\(r.files[$0]!.suffix(1500))" }.joined(separator: "\n")
        return Comment(rawValue: "\(what)\nexit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(3000))\n\(files)")
    }

    @Test("used disks: refused without --wipe (nothing changed), refused while held, with --wipe as on blank disks; a reboot assembles only the plans' arrays")
    func usedDisks() throws {
        let binary = try VM.releaseBinary()
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-used-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }
        let cases = Self.cases
        let disks: [VMDisk] = [.new(size: 200 * Self.gb), .new(size: 200 * Self.gb)] + (0..<10).map { _ in .new(size: 8 * Self.gb) }
        let plant = try VM.run(scenario: "set -e\necho 20000 > /proc/sys/dev/raid/speed_limit_max\n" + cases.map(\.plant).joined(separator: "\n"),
                               disks: disks, keepDisksIn: keep, timeout: 600)
        try #require(plant.exitStatus == 0, Self.describe(plant, "planting the old content"))

        var inputs: [String: String] = [:]
        for c in cases { inputs["\(c.name).yaml"] = c.plan }
        let scenario = "echo 20000 > /proc/sys/dev/raid/speed_limit_max\n" + Self.sums + "\n" + cases.map(Self.caseScript).joined(separator: "\n")
            + "\ncat /proc/mdstat > $RESULTS/mdstat\n"
        let r = try VM.run(scenario: scenario, disks: VMDisk.kept(in: keep, count: 12), extraBinaries: [binary], inputs: inputs, timeout: 900)
        try #require(r.exitStatus == 0, Self.describe(r))
        func file(_ name: String) -> String { r.files[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        #expect(file("install-mdstat-before").contains("md2 : active"), Self.describe(r, "udev assembled the old install's arrays"))
        for c in cases {
            #expect(file("\(c.name)-refused.status") == "1", Self.describe(r, "\(c.name): plan without --wipe refuses"))
            #expect(file("\(c.name)-refused.txt").contains("holds what the plan does not describe"), Self.describe(r, c.name))
            #expect(file("\(c.name)-refused.txt").contains(c.finding), Self.describe(r, "\(c.name) names \(c.finding)"))
            #expect(file("\(c.name)-refused-apply.status") == "1", Self.describe(r, "\(c.name): apply without --wipe refuses"))
            #expect(!file("\(c.name)-sums-before").isEmpty && file("\(c.name)-sums-before") == file("\(c.name)-sums-after"),
                    Self.describe(r, "\(c.name): no byte changed"))
            #expect(file("\(c.name)-apply.status") == "0", Self.describe(r, "\(c.name): apply --wipe succeeds"))
            #expect(file("\(c.name)-plan-again.status") == "0", Self.describe(r, "\(c.name): the plan shows no changes after"))
            let blkid = file("\(c.name)-blkid")
            #expect(!blkid.contains("rescue:") && !blkid.contains("LVM2_member") && !blkid.contains("crypto_LUKS") && !blkid.contains("oldroot"),
                    Self.describe(r, "\(c.name): nothing old is left"))
        }
        #expect(file("lvm-held.status") == "1", Self.describe(r, "an active volume group stops --wipe"))
        #expect(file("lvm-held.txt").contains("release: vgchange --setautoactivation n vgold && vgchange -an vgold"), Self.describe(r))
        #expect(file("lvm-sums-held") == file("lvm-sums-before"), Self.describe(r, "refused while held: no byte changed"))

        // A third boot: udev assembles exactly the plans' arrays.
        let again = try VM.run(scenario: """
            cat /proc/mdstat > $RESULTS/mdstat
            mdadm --detail --scan > $RESULTS/scan
            mdadm --examine --scan > $RESULTS/examine
            """, disks: VMDisk.kept(in: keep, count: 12), timeout: 300)
        try #require(again.exitStatus == 0, Self.describe(again))
        let names = (again.files["scan"] ?? "").split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("name=") }.map { String($0.dropFirst(5)) }
        }.sorted()
        let expected = (["xen1:swap", "xen1:boot", "xen1:root", "xen1:ns1", "xen1:web1"]
            + ["c2", "c3", "c4", "c5", "c6"].flatMap { h in ["swap", "boot", "root", "g1"].map { "\(h):\($0)" } }).sorted()
        #expect(names == expected, Self.describe(again, "the arrays after a reboot are exactly the plans'"))
        let superblocks = (again.files["examine"] ?? "").split(separator: "\n").filter { $0.hasPrefix("ARRAY") }
        #expect(superblocks.count == expected.count && !superblocks.contains { $0.contains("rescue:") },
                Self.describe(again, "no old superblock is left (0.90 ones have no name: counted)"))
    }
}
