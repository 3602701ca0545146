import Foundation
import Layout
import Testing
@testable import Apply

/// The md state reader on sysfs trees copied from the rescue VM's kernel
/// (Tests/md-sysfs, made by Tests/vm/scenarios/daytwo/md-sysfs-capture.sh; the
/// /proc/mdstat and `mdadm --detail` of the same moment lie beside them).
@Suite struct MDSysfsTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("md-sysfs")

    static func read(_ snapshot: String, mdstat: Bool = true) -> [MDState] {
        let dir = data.appendingPathComponent(snapshot).path
        return MDSysfs(root: dir, mdstat: mdstat ? dir + "/mdstat" : nil).states()
    }

    static let size: UInt64 = 260_096 * 512

    static func inSync(_ names: String...) -> [MDState.Member] {
        names.enumerated().map { MDState.Member(device: "/dev/\($1)", slot: $0, flags: ["in_sync"]) }
    }

    @Test func everyStateOfTheFirstSnapshot() {
        let states = Self.read("states")
        #expect(states.map(\.device) == ["/dev/md0", "/dev/md1", "/dev/md2", "/dev/md3", "/dev/md5", "/dev/md6", "/dev/md127"])
        #expect(states == [
            // Clean; a check found the 2 MiB written past md onto one half.
            MDState(device: "/dev/md0", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 0, mismatchSectors: 4096,
                    sizeBytes: Self.size, members: Self.inSync("vda1", "vdb1")),
            // Resyncing: sysfs says 23296 sectors, /proc/mdstat a moment later 20608 KiB of 130048.
            MDState(device: "/dev/md1", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 0,
                    sync: MDState.Sync(action: "resync", doneSectors: 41_216, totalSectors: 260_096, speedKiBPerSecond: 1161),
                    mismatchSectors: 0, sizeBytes: Self.size, members: Self.inSync("vda2", "vdb2")),
            MDState(device: "/dev/md2", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 0, mismatchSectors: 0, sizeBytes: Self.size,
                    members: Self.inSync("vda3", "vdb3") + [MDState.Member(device: "/dev/vdc3", slot: nil, flags: ["spare"])]),
            MDState(device: "/dev/md3", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 1, mismatchSectors: 0,
                    sizeBytes: Self.size, members: Self.inSync("vda4")),
            // Waits for md1, which resyncs the same disks.
            MDState(device: "/dev/md5", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 0,
                    sync: MDState.Sync(action: "resync", phase: .delayed, speedKiBPerSecond: 0),
                    mismatchSectors: 0, sizeBytes: Self.size, members: Self.inSync("vda6", "vdb6")),
            // Frozen before it began: due from sector 0 (resync_start), over the 130048 KiB of a member.
            MDState(device: "/dev/md6", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 0,
                    sync: MDState.Sync(action: "resync", phase: .pending, doneSectors: 0, totalSectors: 260_096),
                    mismatchSectors: 0, sizeBytes: Self.size, members: Self.inSync("vda7", "vdb7")),
            // Incremental assembly with one of two members: not started, the member a spare.
            MDState(device: "/dev/md127", arrayState: "inactive", members: [MDState.Member(device: "/dev/vda5", slot: nil, flags: ["spare"])]),
        ])
        #expect(states.map { Status.condition($0) } == [.clean, .resyncing, .clean, .degraded, .resyncing, .resyncing, .inactive])
    }

    @Test func recoveryOntoTheSpareAfterAMemberFailed() throws {
        let states = Self.read("recovery")
        let md2 = try #require(states.first { $0.device == "/dev/md2" })
        #expect(md2 == MDState(
            device: "/dev/md2", arrayState: "clean", level: "raid1", raidDisks: 2, degraded: 1,
            sync: MDState.Sync(action: "recover", doneSectors: 43_264, totalSectors: 260_096, speedKiBPerSecond: 1170),
            mismatchSectors: 0, sizeBytes: Self.size,
            members: [MDState.Member(device: "/dev/vda3", slot: 0, flags: ["in_sync"]), MDState.Member(device: "/dev/vdc3", slot: 1, flags: ["spare"]),
                      MDState.Member(device: "/dev/vdb3", slot: nil, flags: ["faulty"])]))
        #expect(Status.condition(md2) == .recovering)
        #expect(md2.members.map(Status.memberState) == [.active, .rebuilding, .faulty])
        // /proc/mdstat printed 16.4% a moment after sysfs was read.
        #expect(md2.sync?.permille == 166 && md2.sync?.secondsLeft == 92)
        #expect(states.filter { $0.sync != nil }.map(\.device) == ["/dev/md2", "/dev/md6"])
    }

    @Test func withoutMdstatTheSysfsStepIsThePosition() {
        let md1 = Self.read("states", mdstat: false).first { $0.device == "/dev/md1" }
        #expect(md1?.sync == MDState.Sync(action: "resync", doneSectors: 23_296, totalSectors: 260_096, speedKiBPerSecond: 1161))
    }

    @Test func mdstatPositions() throws {
        let text = try String(contentsOf: Self.data.appendingPathComponent("recovery/mdstat"), encoding: .utf8)
        let positions = MDSysfs.syncPositions(text)
        #expect(positions.keys.sorted() == ["md2"])
        #expect(positions["md2"]?.done == 21_632 && positions["md2"]?.total == 130_048)
    }

    /// What apply's steps ask before they act, and what the probe lists, from the same reader.
    @Test func sizeStateMembershipAndRunningArrays() throws {
        let md = MDSysfs(root: Self.data.appendingPathComponent("states").path, mdstat: nil)
        #expect(md.sizeBytes("/dev/md0") == Self.size && md.sizeBytes("/dev/md9") == nil)
        #expect(md.arrayState("/dev/md127") == "inactive" && md.arrayState("/dev/md0") == "clean")
        #expect(md.contains(member: "/dev/vdb1", in: "/dev/md0") && !md.contains(member: "/dev/vdc1", in: "/dev/md0"))
        let arrays = md.runningArrays()
        #expect(arrays.map(\.device) == ["/dev/md0", "/dev/md1", "/dev/md127", "/dev/md2", "/dev/md3", "/dev/md5", "/dev/md6"])
        let md0 = try #require(arrays.first)
        // The copied tree has no `dev-*/block` links, so no member names.
        #expect(md0 == RunningArray(device: "/dev/md0", level: "raid1", metadata: "1.2", members: [], sizeBytes: Self.size,
                                    uuid: "5e5cddb1-7c84-c37d-8c57-8c09ae70ff01", state: "clean"))
    }

    @Test func personalitiesFromMdstat() {
        let dir = Self.data.appendingPathComponent("states").path
        #expect(MDSysfs(root: dir, mdstat: dir + "/mdstat").personalities()?.contains("raid1") == true)
        #expect(MDSysfs(root: dir, mdstat: dir + "/missing").personalities() == nil)
    }

    @Test func noMdDriverNoArrays() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(MDSysfs(root: scratch.url.path, mdstat: scratch.path("mdstat")).states().isEmpty)
    }
}
