import Testing
@testable import Layout

/// The rebuild progress `replace-disk --watch` shows, from md's sysfs values.
@Suite struct SyncProgressTests {
    @Test func aRecoveryWithSpeedAndTimeLeft() {
        // 512 MiB member, 215 MiB done, md reports 98 MiB/s.
        let p = RebuildProgress(device: "/dev/md125", name: "xen1:root", action: "recover", syncCompleted: "440320 / 1048576\n", speedKiBps: 100_352, degraded: 1)
        #expect(p.busy && p.done == 440_320 && p.total == 1_048_576 && !p.delayed)
        #expect(p.secondsLeft == 3)  // 297 MiB at 98 MiB/s
        #expect(p.status == "recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
        #expect(p.line == "/dev/md125 xen1:root: recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
        #expect(p.bar(width: 10, labelWidth: 22) == "/dev/md125 xen1:root    [####......]  recovering 41.9% (215.00 MiB of 512.00 MiB), 98.00 MiB/s, 3s left")
    }

    @Test func waitingInSyncAndDegraded() {
        let waiting = RebuildProgress(device: "/dev/md124", name: "xen1:ns1", action: "recover", syncCompleted: "delayed", degraded: 1)
        #expect(waiting.busy && waiting.delayed && waiting.status == "recovering waits for another array on the same disks")
        let done = RebuildProgress(device: "/dev/md127", name: "xen1:swap", action: "idle", syncCompleted: "none", speedKiBps: nil)
        #expect(!done.busy && done.status == "in sync" && done.bar(width: 4, labelWidth: 0) == "/dev/md127 xen1:swap  [####]  in sync")
        let stuck = RebuildProgress(device: "/dev/md2", action: "idle", syncCompleted: "none", degraded: 1)
        #expect(stuck.status == "degraded, 1 member(s) missing, not rebuilding" && stuck.bar(width: 4, labelWidth: 0) == "/dev/md2  [....]  degraded, 1 member(s) missing, not rebuilding")
    }

    @Test func durations() {
        #expect(RebuildProgress.duration(45) == "45s" && RebuildProgress.duration(185) == "3m05s" && RebuildProgress.duration(7620) == "2h07m")
        let slow = RebuildProgress(device: "/dev/md4", action: "resync", syncCompleted: "0 / 209715200", speedKiBps: 20_000)
        #expect(slow.secondsLeft == 5242 && slow.status == "resyncing 0.0% (0 B of 100.00 GiB), 19.53 MiB/s, 1h27m left")
    }
}
