import Foundation
import Testing

/// Day two on an msdos server with three primary partitions in use and no extended
/// partition, whose arrays belong to another host (homehost `web01`), so that udev on the
/// rescue system runs them as /dev/md127 downwards. Two new guests leave one primary slot
/// for two members: the plan creates an extended partition with two logical ones while the
/// disks' other partitions are mounted, swap and held open. The kernel takes the new
/// partitions from libparted's commit one by one (BLKPG; the extended one as the two-sector
/// stub the kernel itself registers), beside the busy ones, and a reboot reads the same
/// table back.
@Suite(.serialized, .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
struct DayTwoExtendedTests {
    static let gib: UInt64 = 1 << 30
    static let disks = "/dev/disk/by-id/virtio-vmdisk0 /dev/disk/by-id/virtio-vmdisk1"

    /// #1 swap, #2 root, #3 a guest; metadata 1.2 arrays named web01:0..2.
    static let plant = """
        set -e
        printf 'label: dos\\n,512M,fd\\n,2G,fd\\n,1G,fd\\n' | sfdisk -q /dev/vda
        sfdisk -d /dev/vda | grep -v '^label-id' | sfdisk -q /dev/vdb
        udevadm settle
        for n in 0 1 2; do
            mdadm --create /dev/md$n --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --homehost=web01 --name=$n /dev/vda$((n + 1)) /dev/vdb$((n + 1))
        done
        udevadm settle
        mkswap /dev/md0; mkfs.ext4 -q /dev/md1
        """

    static let live = """
        echo 20000 > /proc/sys/dev/raid/speed_limit_max
        udevadm settle
        cat /proc/mdstat > "$RESULTS/mdstat-before"
        swapon /dev/disk/by-id/md-name-web01:0
        mkdir -p /mnt/root && mount /dev/disk/by-id/md-name-web01:1 /mnt/root
        head -c 4M /dev/urandom > /mnt/root/data && sync
        sha256sum < /mnt/root/data > "$RESULTS/file.before"
        head -c 8M /dev/urandom | dd of=/dev/disk/by-id/md-name-web01:2 bs=1M conv=fsync status=none
        sha256sum < /dev/disk/by-id/md-name-web01:2 > "$RESULTS/guest.before"
        sleep 100000 < /dev/disk/by-id/md-name-web01:2 &
        for d in vda vdb; do sfdisk --json /dev/$d > "$RESULTS/before-$d.json"; done
        diskplan import \(disks) --out /tmp/plan.yaml > "$RESULTS/import.txt" 2>&1; echo $? > "$RESULTS/import.status"
        cp /tmp/plan.yaml "$RESULTS/imported.yaml"
        diskplan plan /tmp/plan.yaml > "$RESULTS/plan.txt" 2>&1; echo $? > "$RESULTS/plan.status"
        diskplan add-guest /tmp/plan.yaml web2 1G > "$RESULTS/add-web2.txt" 2>&1; echo $? > "$RESULTS/add-web2.status"
        diskplan add-guest /tmp/plan.yaml web3 1G > "$RESULTS/add-web3.txt" 2>&1; echo $? > "$RESULTS/add-web3.status"
        diskplan apply /tmp/plan.yaml --yes > "$RESULTS/apply.txt" 2>&1; echo $? > "$RESULTS/apply.status"
        cp /tmp/plan.yaml "$RESULTS/plan.yaml"
        udevadm settle
        cat /proc/mdstat > "$RESULTS/mdstat"
        cat /proc/partitions > "$RESULTS/partitions"
        for d in vda vdb; do sfdisk --json /dev/$d > "$RESULTS/after-$d.json"; done
        sha256sum < /mnt/root/data > "$RESULTS/file.after"
        sha256sum < /dev/disk/by-id/md-name-web01:2 > "$RESULTS/guest.after"
        diskplan plan /tmp/plan.yaml > "$RESULTS/plan-again.txt" 2>&1; echo $? > "$RESULTS/plan-again.status"
        """

    static let reboot = """
        udevadm settle
        cat /proc/mdstat > "$RESULTS/mdstat"
        cat /proc/partitions > "$RESULTS/partitions"
        diskplan plan /input/plan.yaml > "$RESULTS/plan.txt" 2>&1; echo $? > "$RESULTS/plan.status"
        """

    static func file(_ r: VMResult, _ name: String) -> String { DayTwoTests.file(r, name) }

    static func describe(_ r: VMResult, _ what: String) -> Comment {
        DayTwoTests.describe(r, what, files: ["import.txt", "imported.yaml", "plan.txt", "add-web2.txt", "add-web3.txt", "apply.txt", "mdstat-before", "mdstat",
                                              "partitions", "plan-again.txt"])
    }

    /// `sfdisk --json`'s partitions, each as its fields.
    static func parts(_ r: VMResult, _ name: String) throws -> [[String: String]] {
        let obj = try JSONSerialization.jsonObject(with: Data((r.files[name] ?? "{}").utf8)) as? [String: Any]
        let list = (obj?["partitiontable"] as? [String: Any])?["partitions"] as? [[String: Any]] ?? []
        return list.map { $0.mapValues { "\($0)" } }
    }

    /// The kernel's partitions of a disk in /proc/partitions: `vda5` and so on.
    static func kernelParts(_ r: VMResult, _ disk: String) -> Set<String> {
        Set(file(r, "partitions").split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }.filter { $0.hasPrefix(disk) && $0 != disk })
    }

    @Test("msdos server in use, arrays of another host under md127: two guests go into a new extended partition, live; a reboot reads it back")
    func newExtendedLive() throws {
        let binary = try VM.releaseBinary()
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-daytwo-ext-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }
        let first = try VM.run(scenario: Self.plant, disks: [.new(size: 8 * Self.gib), .new(size: 8 * Self.gib)], keepDisksIn: keep, extraBinaries: [binary])
        try #require(first.exitStatus == 0, Self.describe(first, "planting the old layout"))

        let r = try VM.run(scenario: Self.live, disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary], timeout: 900)
        try #require(r.exitStatus == 0, Self.describe(r, "second boot"))
        if let dir = ProcessInfo.processInfo.environment["DISKPLAN_VM_OUTPUT"] {
            for (name, text) in r.files { try? text.write(toFile: "\(dir)/ext-\(name)", atomically: true, encoding: .utf8) }
        }
        #expect(Self.file(r, "mdstat-before").contains("md127 : active"), Self.describe(r, "udev runs the other host's arrays from md127 down"))
        #expect(Self.file(r, "import.status") == "0", Self.describe(r, "import describes everything"))
        #expect(Self.file(r, "plan.status") == "0" && Self.file(r, "plan.txt").contains("No changes"), Self.describe(r, "the imported plan shows no changes"))
        #expect(Self.file(r, "add-web2.status") == "2" && Self.file(r, "add-web3.status") == "2", Self.describe(r, "both guests added"))
        #expect(Self.file(r, "add-web3.txt").contains("Create extended partition"), Self.describe(r, "the second guest needs a new extended partition"))
        #expect(Self.file(r, "apply.status") == "0", Self.describe(r, "apply"))
        #expect(Self.file(r, "plan-again.status") == "0", Self.describe(r, "no changes after apply"))
        for d in ["vda", "vdb"] {
            let old = try Self.parts(r, "before-\(d).json"), new = try Self.parts(r, "after-\(d).json")
            #expect(old.count == 3, Self.describe(r, "three partitions before on \(d)"))
            for p in old { #expect(new.contains(p), Self.describe(r, "\(p) kept byte for byte on \(d)")) }
            #expect(new.count == 6 && new.filter { $0["type"] == "5" }.count == 1, Self.describe(r, "an extended and two logical partitions added on \(d)"))
            #expect(Self.kernelParts(r, d) == Set((1...6).map { "\(d)\($0)" }), Self.describe(r, "the kernel knows all six partitions of \(d) without a re-read"))
        }
        #expect(Self.file(r, "file.before") == Self.file(r, "file.after") && !Self.file(r, "file.before").isEmpty, Self.describe(r, "the mounted file is unchanged"))
        #expect(Self.file(r, "guest.before") == Self.file(r, "guest.after") && !Self.file(r, "guest.before").isEmpty, Self.describe(r, "the open guest array is unchanged"))
        let active = Self.file(r, "mdstat").split(separator: "\n").filter { $0.hasPrefix("md") && $0.contains(" : active") }
        #expect(active.count == 5, Self.describe(r, "five arrays run"))

        let third = try VM.run(scenario: Self.reboot, disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary],
                               inputs: ["plan.yaml": r.files["plan.yaml"] ?? ""])
        try #require(third.exitStatus == 0, Self.describe(third, "third boot"))
        let after = Self.file(third, "mdstat").split(separator: "\n").filter { $0.hasPrefix("md") && $0.contains(" : active") }
        #expect(after.count == 5, Self.describe(third, "all five arrays assemble after a reboot"))
        #expect(Self.kernelParts(third, "vda") == Set((1...6).map { "vda\($0)" }), Self.describe(third, "the table reads back with all six partitions"))
        #expect(Self.file(third, "plan.status") == "0", Self.describe(third, "no changes after the reboot"))
    }
}
