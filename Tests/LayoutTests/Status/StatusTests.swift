import Testing
@testable import Layout

/// `Status.report`: the Xen plan applied to two disks, then each way it can
/// go wrong, built by hand: what md says (MDState) and what the probe finds.
@Suite struct StatusTests {
    let plan: Plan
    let result: PlanResult
    let inventory: Inventory

    init() throws {
        plan = try StatusFixtures.xen()
        (result, inventory) = try StatusFixtures.applied(plan)
    }

    func report(_ inv: Inventory? = nil, md: [MDState]? = nil, unreadable: [String: String] = [:], plan p: Plan? = nil) throws -> StatusReport {
        try Status.report(p ?? plan, planFile: "plans/xen-host.yaml",
                          machine: MachineState(inventory: inv ?? inventory, unreadable: unreadable, md: md ?? StatusFixtures.clean(result)))
    }

    /// md's view when the second disk is gone: every array runs on its first member.
    var degraded: [MDState] {
        StatusFixtures.clean(result).map { s in
            var s = s
            s.degraded = 1
            s.members = [s.members[0]]
            return s
        }
    }

    @Test func healthyAndAsPlanned() throws {
        let r = try report()
        #expect(r.exitStatus == 0 && r.healthy && r.asPlanned && !r.syncing)
        #expect(Status.human(r) == """
            Status of plans/xen-host.yaml for host xen1 on /dev/sda, /dev/sdb

            md0  xen1:swap  RAID1     3.99 GiB  clean
                 /dev/sda2  active
                 /dev/sdb2  active
            md1  xen1:boot  RAID1  1023.93 MiB  clean
                 /dev/sda3  active
                 /dev/sdb3  active
            md2  xen1:root  RAID1    29.98 GiB  clean
                 /dev/sda4  active
                 /dev/sdb4  active
            md3  xen1:ns1   RAID1    19.98 GiB  clean
                 /dev/sda5  active
                 /dev/sdb5  active
            md4  xen1:web1  RAID1    99.93 GiB  clean
                 /dev/sda6  active
                 /dev/sdb6  active

            Healthy and as planned.

            """)
    }

    /// Every example plan, as apply leaves it, is healthy and as planned; with its
    /// last disk blank, every array is degraded and nothing else is reported.
    @Test(arguments: goldenDisks.keys.sorted())
    func everyExamplePlanAppliedIsHealthy(_ name: String) throws {
        let p = try Fixtures.plan(name)
        var blank = goldenInventory(name, p)
        if let image = p.image { blank.host = HostProbe(image: Fixtures.image(image)) }
        let r = try Planner.plan(p, inventory: blank)
        let inv = Fixtures.applied(r, inventory: blank, plan: p, running: true)
        let healthy = try Status.report(p, planFile: name, machine: MachineState(inventory: inv, md: StatusFixtures.clean(r)))
        #expect(healthy.exitStatus == 0, "\(Status.human(healthy))")
        var gone = inv
        gone.disks[gone.disks.count - 1] = blank.disks.last!
        if r.target.disks.last?.spare == true {
            // The last disk is a hot spare: its arrays run whole, each without its spare.
            let md = StatusFixtures.clean(r).map { s in
                var s = s
                s.members.removeAll { $0.slot == nil }
                return s
            }
            let report = try Status.report(p, planFile: name, machine: MachineState(inventory: gone, md: md))
            let withSpares = r.target.arrays.filter { $0.spares != nil }.map(\.md)
            #expect(report.arrays.allSatisfy { $0.condition == .clean } && !withSpares.isEmpty, "\(Status.human(report))")
            #expect(report.drift.map(\.kind) == [.missingDisk] + withSpares.map { _ in .array } && report.drift.dropFirst().map(\.device) == withSpares)
            #expect(report.drift.dropFirst().allSatisfy { $0.message.hasPrefix("has no spare; the plan gives it 1 (") }, "\(Status.human(report))")
            return
        }
        let md = StatusFixtures.clean(r).map { s in
            var s = s
            s.degraded = 1
            s.members.removeLast()
            return s
        }
        let degraded = try Status.report(p, planFile: name, machine: MachineState(inventory: gone, md: md))
        #expect(degraded.arrays.allSatisfy { $0.condition == .degraded && $0.members.last?.state == .missing }, "\(Status.human(degraded))")
        #expect(degraded.drift.map(\.kind) == [.missingDisk] && degraded.drift[0].device == p.disks.last!, "\(Status.human(degraded))")
    }

    @Test func blankReplacementDiskDegradesEveryArray() throws {
        var inv = inventory
        inv.disks[1] = Fixtures.blank("/dev/sdb", bytes: Fixtures.tb18)
        inv.arrays = inv.arrays.map { a in
            var a = a
            a.members = [a.members[0]]
            return a
        }
        let r = try report(inv, md: degraded)
        #expect(r.exitStatus == 2 && !r.healthy)
        #expect(r.arrays.map(\.condition) == Array(repeating: .degraded, count: 5))
        #expect(r.drift == [Drift(.missingDisk, "/dev/sdb", "holds none of the plan's 6 partitions (a blank or replaced disk?)")])
        #expect(Status.human(r) == """
            Status of plans/xen-host.yaml for host xen1 on /dev/sda, /dev/sdb

            md0  xen1:swap  RAID1     3.99 GiB  degraded
                 /dev/sda2  active
                 /dev/sdb2  missing
            md1  xen1:boot  RAID1  1023.93 MiB  degraded
                 /dev/sda3  active
                 /dev/sdb3  missing
            md2  xen1:root  RAID1    29.98 GiB  degraded
                 /dev/sda4  active
                 /dev/sdb4  missing
            md3  xen1:ns1   RAID1    19.98 GiB  degraded
                 /dev/sda5  active
                 /dev/sdb5  missing
            md4  xen1:web1  RAID1    99.93 GiB  degraded
                 /dev/sda6  active
                 /dev/sdb6  missing

            Drift from the plan (1):
              - /dev/sdb: holds none of the plan's 6 partitions (a blank or replaced disk?)

            Not healthy: md0 (degraded), md1 (degraded), md2 (degraded), md3 (degraded), md4 (degraded). Not as planned: 1 finding. Exit status 2.

            """)
    }

    @Test func unreadableDiskIsAFindingNotAnError() throws {
        var inv = inventory
        inv.disks.remove(at: 1)
        let r = try report(inv, md: degraded, unreadable: ["/dev/sdb": "open: No such file or directory"])
        #expect(r.drift == [Drift(.missingDisk, "/dev/sdb", "cannot be read: open: No such file or directory")])
        #expect(r.arrays.allSatisfy { $0.condition == .degraded && $0.members.map(\.state) == [.active, .missing] })
        #expect(r.arrays[2].members.map(\.device) == ["/dev/sda4", "/dev/sdb4"])
    }

    @Test func faultyMember() throws {
        let md = StatusFixtures.with(StatusFixtures.clean(result), "/dev/md2") { s in
            s.degraded = 1
            s.members[1] = MDState.Member(device: "/dev/sdb4", slot: nil, flags: ["faulty"])
        }
        let r = try report(md: md)
        #expect(r.exitStatus == 2 && r.asPlanned)
        #expect(r.arrays[2].condition == .degraded)
        #expect(r.arrays[2].members == [MemberHealth(device: "/dev/sda4", state: .active, slot: 0), MemberHealth(device: "/dev/sdb4", state: .faulty)])
        #expect(r.arrays.filter(\.healthy).map(\.shortName) == ["md0", "md1", "md3", "md4"])
        #expect(Status.summary(r) == "Not healthy: md2 (degraded). Exit status 2.")
    }

    @Test func recoveringWithPercentSpeedAndTimeLeft() throws {
        let md = StatusFixtures.with(degraded, "/dev/md2") { s in
            s.members.append(MDState.Member(device: "/dev/sdb4", slot: 1, flags: ["spare"]))
            s.sync = MDState.Sync(action: "recover", doneSectors: 6_554_000, totalSectors: 62_879_744, speedKiBPerSecond: 98_304)
        }
        let r = try report(md: md)
        let a = r.arrays[2]
        #expect(a.condition == .recovering && !a.healthy && r.syncing)
        #expect(a.members.map(\.state) == [.active, .rebuilding])
        #expect(a.progress?.percent == 10.4 && a.progress?.secondsLeft == 286 && a.progress?.bytesPerSecond == 100_663_296)
        #expect(Status.human(r).contains("md2  xen1:root  RAID1    29.98 GiB  recovering 10.4%, 96.00 MiB/s, 4m46s left\n     /dev/sda4  active\n     /dev/sdb4  rebuilding\n"))
    }
}
