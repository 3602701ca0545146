import Testing
@testable import Layout

/// The rebuild progress `replace-disk --watch` shows, from an array's `MDState`.
@Suite struct SyncProgressTests {
    func state(_ device: String, _ sync: MDState.Sync?, degraded: Int = 0) -> MDState {
        MDState(device: device, arrayState: "active", level: "raid1", raidDisks: 2, degraded: degraded, sync: sync)
    }

    @Test func aRecoveryWithSpeedAndTimeLeft() {
        // 512 MiB member, 215 MiB done, md reports 98 MiB/s.
        let p = RebuildProgress(state("/dev/md125", MDState.Sync(action: "recover", doneSectors: 440_320, totalSectors: 1_048_576, speedKiBPerSecond: 100_352), degraded: 1), name: "xen1:root")
        #expect(p.busy && p.done == 440_320 && p.total == 1_048_576 && !p.delayed)
        #expect(p.secondsLeft == 3)  // 297 MiB at 98 MiB/s
        #expect(p.status == "recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
        #expect(p.line == "/dev/md125 xen1:root: recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
        #expect(p.bar(width: 10, labelWidth: 22) == "/dev/md125 xen1:root    [####......]  recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
    }

    @Test func waitingInSyncAndDegraded() {
        let waiting = RebuildProgress(state("/dev/md124", MDState.Sync(action: "recover", phase: .delayed), degraded: 1), name: "xen1:ns1")
        #expect(waiting.busy && waiting.delayed && waiting.status == "recovering waits for another array on the same disks")
        let done = RebuildProgress(state("/dev/md127", nil), name: "xen1:swap")
        #expect(!done.busy && done.status == "in sync" && done.bar(width: 4, labelWidth: 0) == "/dev/md127 xen1:swap  [####]  in sync")
        let stuck = RebuildProgress(state("/dev/md2", nil, degraded: 1))
        #expect(stuck.status == "degraded, 1 member(s) missing, not rebuilding" && stuck.bar(width: 4, labelWidth: 0) == "/dev/md2  [....]  degraded, 1 member(s) missing, not rebuilding")
    }

    @Test func durations() {
        #expect(RebuildProgress.duration(45) == "45s" && RebuildProgress.duration(185) == "3m05s" && RebuildProgress.duration(7620) == "2h07m")
        let slow = RebuildProgress(state("/dev/md4", MDState.Sync(action: "resync", doneSectors: 0, totalSectors: 209_715_200, speedKiBPerSecond: 20_000)))
        #expect(slow.secondsLeft == 5242 && slow.status == "resyncing 0.0% (0 B of 100.00 GiB), 19.53 MiB/s, 1h27m left")
    }

    /// A resync that is due but cannot run (frozen, or read-only until the first write) is no rebuild to wait for.
    @Test func aPendingResyncIsIdle() {
        let p = RebuildProgress(state("/dev/md3", MDState.Sync(action: "resync", phase: .pending, doneSectors: 0, totalSectors: 2048)))
        #expect(!p.busy && p.status == "in sync")
    }
}
