import Testing
@testable import Layout

/// The rebuild progress `replace-disk --watch` shows, from an array's `MDState`.
@Suite struct RebuildWatchTests {
    func array(_ device: String, _ sync: MDState.Sync?, degraded: Int = 0, name: String? = nil) -> ArrayHealth {
        ArrayHealth(MDState(device: device, arrayState: "active", level: "raid1", raidDisks: 2, degraded: degraded, sync: sync), name: name)
    }

    @Test func aRecoveryWithSpeedAndTimeLeft() throws {
        // 512 MiB member, 215 MiB done, md reports 98 MiB/s.
        let a = array("/dev/md125", MDState.Sync(action: "recover", doneSectors: 440_320, totalSectors: 1_048_576, speedKiBPerSecond: 100_352),
                      degraded: 1, name: "xen1:root")
        let p = try #require(RebuildWatch.rebuilding(a))
        #expect(p.doneBytes == 440_320 * 512 && p.totalBytes == 1_048_576 * 512 && p.phase == .running)
        #expect(p.secondsLeft == 3)  // 297 MiB at 98 MiB/s
        #expect(RebuildWatch.status(a) == "recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
        #expect(RebuildWatch.line(a) == "/dev/md125 xen1:root: recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
        #expect(RebuildWatch.bar(a, width: 10, labelWidth: 22)
            == "/dev/md125 xen1:root    [####......]  recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
    }

    @Test func waitingInSyncAndDegraded() {
        let waiting = array("/dev/md124", MDState.Sync(action: "recover", phase: .delayed), degraded: 1, name: "xen1:ns1")
        #expect(RebuildWatch.rebuilding(waiting) != nil && RebuildWatch.status(waiting) == "recovering waits for another array on the same disks")
        let done = array("/dev/md127", nil, name: "xen1:swap")
        #expect(RebuildWatch.rebuilding(done) == nil && RebuildWatch.status(done) == "in sync")
        #expect(RebuildWatch.bar(done, width: 4, labelWidth: 0) == "/dev/md127 xen1:swap  [####]  in sync")
        let stuck = array("/dev/md2", nil, degraded: 1)
        #expect(RebuildWatch.status(stuck) == "degraded, 1 member(s) missing, not rebuilding")
        #expect(RebuildWatch.bar(stuck, width: 4, labelWidth: 0) == "/dev/md2  [....]  degraded, 1 member(s) missing, not rebuilding")
    }

    @Test func durations() {
        let slow = array("/dev/md4", MDState.Sync(action: "resync", doneSectors: 0, totalSectors: 209_715_200, speedKiBPerSecond: 20_000))
        #expect(slow.progress?.secondsLeft == 5242 && RebuildWatch.status(slow) == "resyncing 0.0% (0 B of 100.00 GiB), 19.53 MiB/s, 1h27m left")
    }

    /// A resync that is due but cannot run (frozen, or read-only until the first write) is no rebuild to wait for.
    @Test func aPendingResyncIsIdle() {
        let a = array("/dev/md3", MDState.Sync(action: "resync", phase: .pending, doneSectors: 0, totalSectors: 2048))
        #expect(RebuildWatch.rebuilding(a) == nil && RebuildWatch.status(a) == "in sync")
        let due = array("/dev/md3", MDState.Sync(action: "recover", phase: .pending), degraded: 1)
        #expect(RebuildWatch.rebuilding(due) != nil)
    }

    /// Done once nothing rebuilds and nothing is degraded; a degraded array that nothing rebuilds ends it after five looks.
    @Test func looksUntilInSyncOrStalled() {
        var watch = RebuildWatch(arrays: [RebuildWatch.Named(device: "/dev/md2", name: "h:root")])
        let running = MDState(device: "/dev/md2", arrayState: "active", raidDisks: 2, degraded: 1,
                              sync: MDState.Sync(action: "recover", doneSectors: 512, totalSectors: 1024))
        let frame = watch.look([running])
        #expect(!frame.done && frame.bars == ["/dev/md2 h:root  [###############...............]  recovering 50.0% (256.00 KiB of 512.00 KiB)"])
        #expect(frame.log == [StatusWatch.LogEntry(id: "/dev/md2", key: "recover false 5", line: "/dev/md2 h:root: recovering 50.0% (256.00 KiB of 512.00 KiB)")])
        #expect(watch.look([MDState(device: "/dev/md2", arrayState: "active", raidDisks: 2, degraded: 0)]).done && watch.degraded.isEmpty)
        let stuck = MDState(device: "/dev/md2", arrayState: "active", raidDisks: 2, degraded: 1)
        #expect((1...4).map { _ in watch.look([stuck]).done } == [false, false, false, false])
        #expect(watch.look([stuck]).done && watch.degraded.map(\.md) == ["/dev/md2"])
    }
}
