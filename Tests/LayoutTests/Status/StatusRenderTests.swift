import Testing
@testable import Layout

/// The renderings of one report, exactly: a small plan whose root array
/// recovers, whose guest array is clean with mismatches, beside an inactive
/// array the plan does not describe.
@Suite struct StatusRenderTests {
    let report: StatusReport

    init() throws {
        let p = try PlanParser.parse("""
            host: h1
            disks: [/dev/sda, /dev/sdb]
            arrays:
              - {name: root, md: 0, size: 10G, format: ext4, mount: /}
            guests:
              - {name: vm1, size: 5G}
            """, file: "small.yaml")
        let blank = Fixtures.blankInventory(p.disks, bytes: 100 << 30)
        let r = try Planner.plan(p, inventory: blank)
        var inv = Fixtures.applied(r, inventory: blank, plan: p, running: true)
        inv.arrays.append(RunningArray(device: "/dev/md127", level: "", metadata: "1.2", members: ["/dev/sdc1"], sizeBytes: 0, name: "old:data"))
        var md = StatusFixtures.with(StatusFixtures.clean(r), "/dev/md0") { s in
            s.degraded = 1
            s.members[1].flags = ["spare"]
            s.sync = MDState.Sync(action: "recover", doneSectors: 2_097_152, totalSectors: 20_955_136, speedKiBPerSecond: 51_200)
        }
        md = StatusFixtures.with(md, "/dev/md1") { s in s.mismatchSectors = 128 }
        md.append(MDState(device: "/dev/md127", arrayState: "inactive", members: [MDState.Member(device: "/dev/sdc1", slot: nil, flags: ["spare"])]))
        report = try Status.report(p, planFile: "small.yaml", machine: MachineState(inventory: inv, md: md))
    }

    @Test func text() {
        #expect(Status.human(report) == """
            Status of small.yaml for host h1 on /dev/sda, /dev/sdb

            md0    h1:root   RAID1  9.99 GiB  recovering 10.0%, 50.00 MiB/s, 3m04s left
                   /dev/sda2  active
                   /dev/sdb2  rebuilding
            md1    h1:vm1    RAID1  4.99 GiB  clean
                   /dev/sda3  active
                   /dev/sdb3  active
                   mismatch count: 128 sectors (found by the last check)

            Arrays not in the plan:
            md127  old:data  -             -  inactive
                   /dev/sdc1  spare

            Drift from the plan (1):
              - /dev/md127: old:data from /dev/sdc1 is not in the plan

            Not healthy: md0 (recovering). Not as planned: 1 finding. Exit status 2.

            """)
    }

    @Test func json() throws {
        #expect(try Status.json(report) == """
            {
              "arrays" : [
                {
                  "array_state" : "clean",
                  "condition" : "recovering",
                  "degraded_slots" : 1,
                  "healthy" : false,
                  "level" : "raid1",
                  "md" : "/dev/md0",
                  "members" : [
                    {
                      "device" : "/dev/sda2",
                      "planned" : true,
                      "slot" : 0,
                      "state" : "active"
                    },
                    {
                      "device" : "/dev/sdb2",
                      "planned" : true,
                      "slot" : 1,
                      "state" : "rebuilding"
                    }
                  ],
                  "mismatch_sectors" : 0,
                  "name" : "h1:root",
                  "progress" : {
                    "action" : "recover",
                    "bytes_per_second" : 52428800,
                    "percent" : 10,
                    "phase" : "running",
                    "seconds_left" : 184
                  },
                  "size_bytes" : 10727981056
                },
                {
                  "array_state" : "clean",
                  "condition" : "clean",
                  "degraded_slots" : 0,
                  "healthy" : true,
                  "level" : "raid1",
                  "md" : "/dev/md1",
                  "members" : [
                    {
                      "device" : "/dev/sda3",
                      "planned" : true,
                      "slot" : 0,
                      "state" : "active"
                    },
                    {
                      "device" : "/dev/sdb3",
                      "planned" : true,
                      "slot" : 1,
                      "state" : "active"
                    }
                  ],
                  "mismatch_sectors" : 128,
                  "name" : "h1:vm1",
                  "size_bytes" : 5363466240
                }
              ],
              "as_planned" : false,
              "disks" : [
                "/dev/sda",
                "/dev/sdb"
              ],
              "drift" : [
                {
                  "device" : "/dev/md127",
                  "kind" : "unplanned_array",
                  "message" : "old:data from /dev/sdc1 is not in the plan"
                }
              ],
              "exit_status" : 2,
              "healthy" : false,
              "host" : "h1",
              "notes" : [

              ],
              "plan" : "small.yaml",
              "unplanned_arrays" : [
                {
                  "array_state" : "inactive",
                  "condition" : "inactive",
                  "healthy" : false,
                  "md" : "/dev/md127",
                  "members" : [
                    {
                      "device" : "/dev/sdc1",
                      "planned" : false,
                      "state" : "spare"
                    }
                  ],
                  "name" : "old:data"
                }
              ]
            }

            """)
    }

    @Test func prometheus() {
        #expect(Status.prometheus(report) == """
            # HELP diskplan_status 0 when every planned array is healthy and the disks are as planned, 2 when not (the exit status of diskplan status).
            # TYPE diskplan_status gauge
            diskplan_status 2
            # HELP diskplan_array_healthy 1 when the array runs with every member in sync (a resync or check may run), else 0.
            # TYPE diskplan_array_healthy gauge
            diskplan_array_healthy{md="md0",name="h1:root"} 0
            diskplan_array_healthy{md="md1",name="h1:vm1"} 1
            diskplan_array_healthy{md="md127",name="old:data"} 0
            # HELP diskplan_array_running 1 when md runs the array, else 0.
            # TYPE diskplan_array_running gauge
            diskplan_array_running{md="md0",name="h1:root"} 1
            diskplan_array_running{md="md1",name="h1:vm1"} 1
            diskplan_array_running{md="md127",name="old:data"} 0
            # HELP diskplan_array_condition The array's condition, in the label condition (clean, resyncing, recovering, degraded, inactive, not_running, not_created, ...).
            # TYPE diskplan_array_condition gauge
            diskplan_array_condition{md="md0",name="h1:root",condition="recovering"} 1
            diskplan_array_condition{md="md1",name="h1:vm1",condition="clean"} 1
            diskplan_array_condition{md="md127",name="old:data",condition="inactive"} 1
            # HELP diskplan_array_degraded_slots Slots of the array without a working member (md's degraded).
            # TYPE diskplan_array_degraded_slots gauge
            diskplan_array_degraded_slots{md="md0",name="h1:root"} 1
            diskplan_array_degraded_slots{md="md1",name="h1:vm1"} 0
            # HELP diskplan_array_member A member of the array, in the label state (active, rebuilding, spare, faulty, missing).
            # TYPE diskplan_array_member gauge
            diskplan_array_member{md="md0",name="h1:root",device="/dev/sda2",state="active"} 1
            diskplan_array_member{md="md0",name="h1:root",device="/dev/sdb2",state="rebuilding"} 1
            diskplan_array_member{md="md1",name="h1:vm1",device="/dev/sda3",state="active"} 1
            diskplan_array_member{md="md1",name="h1:vm1",device="/dev/sdb3",state="active"} 1
            diskplan_array_member{md="md127",name="old:data",device="/dev/sdc1",state="spare"} 1
            # HELP diskplan_array_size_bytes The array's size as the kernel reports it.
            # TYPE diskplan_array_size_bytes gauge
            diskplan_array_size_bytes{md="md0",name="h1:root"} 10727981056
            diskplan_array_size_bytes{md="md1",name="h1:vm1"} 5363466240
            # HELP diskplan_array_mismatch_sectors Sectors the last check or repair found different (md's mismatch_cnt).
            # TYPE diskplan_array_mismatch_sectors gauge
            diskplan_array_mismatch_sectors{md="md0",name="h1:root"} 0
            diskplan_array_mismatch_sectors{md="md1",name="h1:vm1"} 128
            # HELP diskplan_array_sync_ratio How much of a resync, recovery, check or reshape is done (0-1), in the labels action and phase (running, delayed, pending); only while one runs or is due.
            # TYPE diskplan_array_sync_ratio gauge
            diskplan_array_sync_ratio{md="md0",name="h1:root",action="recover",phase="running"} 0.100
            # HELP diskplan_array_sync_speed_bytes_per_second Speed of the running sync, in bytes per second.
            # TYPE diskplan_array_sync_speed_bytes_per_second gauge
            diskplan_array_sync_speed_bytes_per_second{md="md0",name="h1:root"} 52428800
            # HELP diskplan_array_sync_remaining_seconds Time the running sync still needs at its current speed.
            # TYPE diskplan_array_sync_remaining_seconds gauge
            diskplan_array_sync_remaining_seconds{md="md0",name="h1:root"} 184
            # HELP diskplan_drift_findings Differences between the disks and the plan, by kind.
            # TYPE diskplan_drift_findings gauge
            diskplan_drift_findings{kind="missing_disk"} 0
            diskplan_drift_findings{kind="missing_array"} 0
            diskplan_drift_findings{kind="missing_partition"} 0
            diskplan_drift_findings{kind="undescribed_partition"} 0
            diskplan_drift_findings{kind="unplanned_array"} 1
            diskplan_drift_findings{kind="size"} 0
            diskplan_drift_findings{kind="array"} 0
            diskplan_drift_findings{kind="content"} 0
            diskplan_drift_findings{kind="pending"} 0
            diskplan_drift_findings{kind="boot"} 0

            """)
    }

    @Test func labelValuesAreEscaped() {
        #expect(Status.escape(#"a"b\c"# + "\nd") == #"a\"b\\c\nd"#)
    }

    @Test func watchBarsAndPlainLines() {
        #expect(StatusWatch.bars(report, width: 20) == ["md0  h1:root  recover  [==>                 ]   10.0%  50.00 MiB/s  3m04s left"])
        #expect(StatusWatch.bar(0, width: 4) == "[>   ]" && StatusWatch.bar(100, width: 4) == "[====]" && StatusWatch.bar(nil, width: 4) == "[    ]")
        var log = StatusWatch.PlainLog()
        #expect(log.lines(report) == ["md0 h1:root recovering 10.0%, 50.00 MiB/s, 3m04s left"])
        // The same whole percent again: nothing; the next percent: a line; the end: the condition.
        var later = report
        later.arrays[0].progress?.percent = 10.6
        #expect(log.lines(later) == [])
        later.arrays[0].progress?.percent = 11.2
        later.arrays[0].progress?.secondsLeft = 181
        #expect(log.lines(later) == ["md0 h1:root recovering 11.2%, 50.00 MiB/s, 3m01s left"])
        later.arrays[0].progress = nil
        later.arrays[0].condition = .clean
        #expect(log.lines(later) == ["md0 h1:root clean"])
        #expect(log.lines(later) == [])
    }

    @Test func durations() {
        #expect([0, 59, 60, 192, 3599, 3600, 3720, 90_061].map { Status.duration($0) } == ["0s", "59s", "1m00s", "3m12s", "59m59s", "1h00m", "1h02m", "25h01m"])
    }
}
