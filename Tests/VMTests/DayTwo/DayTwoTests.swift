import Foundation
import Testing

/// Day two on servers laid out by other tools, in the rescue VM: a first boot plants the
/// layout as installimage (GPT) or an older installer (msdos, logical partitions,
/// metadata 0.90) would; a second boot uses it live (root mounted, swap on, a guest's
/// array held open by a process), imports it, adds a guest and applies; a third boot
/// assembles everything.
@Suite(.serialized)
struct DayTwoTests {
    static let gib: UInt64 = 1 << 30

    static func file(_ r: VMResult, _ name: String) -> String {
        (r.files[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func describe(_ r: VMResult, _ what: String,
                         files names: [String] = ["import.txt", "imported.yaml", "plan.txt", "conflict.txt", "add-guest.txt", "apply.txt", "mdstat-before", "mdstat",
                                                  "guests.txt", "plan-again.txt"]) -> Comment {
        let files = names.compactMap { n in r.files[n].map { "--- \(n)\n\($0.suffix(4000))" } }.joined(separator: "\n")
        return Comment(rawValue: "\(what)\nexit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(3000))\n\(files)\n--- console\n\(r.console.suffix(1500))")
    }

    /// Every partition that was there before is there after, with the same start, size, type, uuid and name.
    static func oldEntriesKept(_ r: VMResult, _ before: String, _ after: String) throws {
        func parts(_ name: String) throws -> [[String: String]] {
            let obj = try JSONSerialization.jsonObject(with: Data((r.files[name] ?? "{}").utf8)) as? [String: Any]
            let list = (obj?["partitiontable"] as? [String: Any])?["partitions"] as? [[String: Any]] ?? []
            return list.map { $0.mapValues { "\($0)" } }
        }
        let old = try parts(before), new = try parts(after)
        #expect(!old.isEmpty, describe(r, "\(before) has partitions"))
        for p in old { #expect(new.contains(p), describe(r, "\(p) kept byte for byte in \(after)")) }
        #expect(new.count == old.count + 1, describe(r, "one new partition in \(after)"))
    }

    /// Boots three times: `plant` (a scenario file) lays the old server out; Tests/vm/scenarios/daytwo/daytwo-live.sh
    /// uses its arrays `md` (swap, boot, root, guest) live and applies; daytwo-reboot.sh.
    func dayTwo(plant: String, md: [String], logical: Bool, conflict: Bool) throws {
        let binary = try VM.releaseBinary()
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-daytwo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }
        let first = try VM.run(script: plant, disks: [.new(size: 16 * Self.gib), .new(size: 16 * Self.gib)], keepDisksIn: keep, extraBinaries: [binary])
        try #require(first.exitStatus == 0, Self.describe(first, "planting the old layout"))

        let live = ["SWAP": md[0], "ROOT": md[2], "GUEST": md[3], "CONFLICT": conflict ? "1" : "0"]
        let r = try VM.run(script: "daytwo/daytwo-live.sh", environment: live, disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary], timeout: 900)
        try #require(r.exitStatus == 0, Self.describe(r, "second boot"))
        if let dir = ProcessInfo.processInfo.environment["DISKPLAN_VM_OUTPUT"] {
            // For documentation: the second boot's outputs, as the commands printed them.
            for (name, text) in r.files { try? text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        }
        #expect(Self.file(r, "import.status") == "0", Self.describe(r, "import describes everything"))
        #expect(Self.file(r, "plan.status") == "0" && Self.file(r, "plan.txt").contains("No changes"), Self.describe(r, "the imported plan shows no changes"))
        #expect(r.files["plan.txt"]?.contains("(in use: mounted on /mnt/root)") == true, Self.describe(r, "the dry run marks the mounted root"))
        #expect(r.files["plan.txt"]?.contains("(in use: swap)") == true, Self.describe(r, "the dry run marks swap"))
        #expect(r.files["plan.txt"]?.contains("(in use: open by pid ") == true, Self.describe(r, "the dry run marks the open guest"))
        if conflict {
            #expect(Self.file(r, "conflict.status") == "1", Self.describe(r, "the conflicting plan is refused"))
            #expect(r.files["conflict.txt"]?.contains("size: the members hold 2.00 GiB each, the plan's size needs 3.00 GiB") == true, Self.describe(r, "the conflict is named"))
            #expect(r.files["heads.before"] == r.files["heads.after"] && r.files["before-vda.json"] == r.files["conflict-vda.json"], Self.describe(r, "no byte changed"))
        }
        #expect(Self.file(r, "add-guest.status") == "2", Self.describe(r, "add-guest shows the new guest pending"))
        #expect(Self.file(r, "apply.status") == "0", Self.describe(r, "apply"))
        #expect(Self.file(r, "plan-again.status") == "0", Self.describe(r, "no changes after apply"))
        try Self.oldEntriesKept(r, "before-vda.json", "after-vda.json")
        try Self.oldEntriesKept(r, "before-vdb.json", "after-vdb.json")
        #expect(Self.file(r, "file.before") == Self.file(r, "file.after") && !Self.file(r, "file.before").isEmpty, Self.describe(r, "the mounted file is unchanged"))
        #expect(Self.file(r, "guest.before") == Self.file(r, "guest.after") && !Self.file(r, "guest.before").isEmpty, Self.describe(r, "the open guest array is unchanged"))
        #expect(Int(Self.file(r, "conf-lines.before")) == 3, Self.describe(r, "three of the four arrays were in mdadm.conf"))
        #expect(Int(Self.file(r, "conf-lines.after")) == 5, Self.describe(r, "mdadm.conf gained the new guest's ARRAY line and the one it lacked"))
        #expect(Self.file(r, "conf-old.status") == "0", Self.describe(r, "the old mdadm.conf is kept"))
        #expect(r.files["apply.txt"]?.contains("update-initramfs -u") == true, Self.describe(r, "the initramfs command is printed"))
        #expect(r.files["apply.txt"]?.contains("disk = ['phy:/dev/disk/by-id/md-name-rescue:web2,xvda,w']") == true, Self.describe(r, "apply prints the guest's line"))
        if logical {
            #expect(r.files["apply.txt"]?.contains("Create logical partition") == true, Self.describe(r, "the new member is a logical partition"))
        }
        let active = Self.file(r, "mdstat").split(separator: "\n").filter { $0.hasPrefix("md") && $0.contains(" : active") }
        #expect(active.count == 5, Self.describe(r, "five arrays run"))

        let third = try VM.run(script: "daytwo/daytwo-reboot.sh", disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary],
                               inputs: ["plan.yaml": r.files["plan.yaml"] ?? ""])
        try #require(third.exitStatus == 0, Self.describe(third, "third boot"))
        let after = Self.file(third, "mdstat").split(separator: "\n").filter { $0.hasPrefix("md") && $0.contains(" : active") }
        #expect(after.count == 5, Self.describe(third, "all five arrays assemble after a reboot"))
        #expect(Self.file(third, "path.status") == "0", Self.describe(third, "the guests --xen path exists: \(Self.file(third, "path"))"))
        #expect(Self.file(third, "plan.status") == "0", Self.describe(third, "no changes after the reboot"))
    }

    @Test("installimage-style GPT server (unnamed partitions, rescue:N arrays) in use: import, add-guest, apply live, reboot; a conflicting plan is refused")
    func installimageGPT() throws {
        try dayTwo(plant: "daytwo/daytwo-plant-gpt.sh", md: (0..<4).map { "/dev/disk/by-id/md-name-rescue:\($0)" }, logical: false, conflict: true)
    }

    @Test("msdos server with logical partitions and metadata 0.90 arrays in use: import, add-guest as a logical partition, apply live, reboot", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func msdosLogical090() throws {
        try dayTwo(plant: "daytwo/daytwo-plant-msdos.sh", md: ["/dev/md0", "/dev/md1", "/dev/md2", "/dev/md3"], logical: true, conflict: false)
    }
}
