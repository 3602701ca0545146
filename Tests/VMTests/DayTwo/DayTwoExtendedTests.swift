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
        let first = try VM.run(script: "daytwo/daytwo-ext-plant.sh", disks: [.new(size: 8 * Self.gib), .new(size: 8 * Self.gib)], keepDisksIn: keep, extraBinaries: [binary])
        try #require(first.exitStatus == 0, Self.describe(first, "planting the old layout"))

        let r = try VM.run(script: "daytwo/daytwo-ext-live.sh", disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary], timeout: 900)
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

        let third = try VM.run(script: "daytwo/daytwo-reboot.sh", disks: VMDisk.kept(in: keep, count: 2), extraBinaries: [binary],
                               inputs: ["plan.yaml": r.files["plan.yaml"] ?? ""])
        try #require(third.exitStatus == 0, Self.describe(third, "third boot"))
        let after = Self.file(third, "mdstat").split(separator: "\n").filter { $0.hasPrefix("md") && $0.contains(" : active") }
        #expect(after.count == 5, Self.describe(third, "all five arrays assemble after a reboot"))
        #expect(Self.kernelParts(third, "vda") == Set((1...6).map { "vda\($0)" }), Self.describe(third, "the table reads back with all six partitions"))
        #expect(Self.file(third, "plan.status") == "0", Self.describe(third, "no changes after the reboot"))
    }
}
