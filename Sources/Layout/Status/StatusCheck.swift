/// `diskplan status`: the plan, planned on the disks as they are, against the
/// state md reports for every array. Pure: the machine is read by the caller.
public enum Status {
    /// Health of every planned array and the drift of the disks from the plan.
    /// `disks` replaces the plan's disks in order (`--disk`). Throws when the
    /// plan cannot be planned even with the drift set aside.
    public static func report(_ plan: Plan, planFile: String?, machine: MachineState, disks override: [String]? = nil) throws(PlanError) -> StatusReport {
        let paths = try plan.disks(given: override)
        if plan.sets != nil { return try setsReport(plan, planFile: planFile, machine: machine, paths: paths) }
        let view = StatusView.make(plan, disks: paths, machine: machine)
        let result = view.plan.arrays.isEmpty ? nil
            : try Planner.plan(view.plan, inventory: view.inventory, options: PlannerOptions(disks: paths))
        var check = HealthCheck(plan: plan, paths: paths, machine: machine, view: view, result: result)
        return check.run(planFile: planFile)
    }

    /// How md's flags for a member read: `in_sync` active, a slot without
    /// `in_sync` rebuilding, `faulty`, else a spare.
    public static func memberState(_ m: MDState.Member) -> MemberHealth.State {
        if m.flags.contains("faulty") { return .faulty }
        if m.flags.contains("in_sync") { return .active }
        return m.slot != nil ? .rebuilding : .spare
    }

    /// The array's condition as md reports it: not started, broken, recovering,
    /// degraded (a slot without a working member, or a faulty member), then the sync that runs.
    public static func condition(_ s: MDState?) -> ArrayHealth.Condition {
        guard let s else { return .notRunning }
        guard s.isRunning else { return .inactive }
        if s.arrayState == "broken" { return .broken }
        if s.sync?.action == "recover" { return .recovering }
        let states = s.members.map(memberState)
        let active = states.filter { $0 == .active }.count
        let emptySlots = s.degraded ?? max(0, (s.raidDisks ?? active) - active)
        if emptySlots > 0 || states.contains(.faulty) { return .degraded }
        switch s.sync?.action {
        case "resync": return .resyncing
        case "check": return .checking
        case "repair": return .repairing
        case "reshape": return .reshaping
        default: return .clean
        }
    }
}

/// One run of the health check; findings accumulate in `drift`.
struct HealthCheck {
    let plan: Plan
    let paths: [String]
    let machine: MachineState
    let view: StatusView
    let result: PlanResult?
    var drift: [Drift] = []
    var notes: [Drift] = []
    /// md devices that belong to a planned array.
    var claimed: Set<String> = []

    init(plan: Plan, paths: [String], machine: MachineState, view: StatusView, result: PlanResult?) {
        self.plan = plan
        self.paths = paths
        self.machine = machine
        self.view = view
        self.result = result
    }

    mutating func run(planFile: String?) -> StatusReport {
        for k in paths.indices { checkDisk(k) }
        let arrays = plan.arrays.map { health($0) }
        checkPending()
        checkBoot()
        let unplanned = machine.md.filter { !claimed.contains($0.device) }.map { unplannedArray($0) }
        return StatusReport(plan: planFile, host: plan.host, disks: paths, arrays: arrays, unplannedArrays: unplanned, drift: drift, notes: notes)
    }

    mutating func health(_ spec: ArraySpec) -> ArrayHealth {
        let name = Planner.arrayName(host: plan.host, spec)
        guard let planned = result?.arrays.first(where: { $0.md == spec.device }) else {
            drift.append(Drift(.missingArray, spec.device, "\(name) (\(spec.level.displayName)\(spec.sizeBytes.map { ", " + Size.human($0) } ?? "")) is not on the disks"))
            return ArrayHealth(md: spec.device, name: name, level: spec.level.name, condition: .notCreated)
        }
        let state = mdState(for: planned, spec)
        let devices = planned.allMembers
        let kernel = devices.map(kernelName)
        var members = zip(devices, kernel).enumerated().map { j, pair -> MemberHealth in
            let spare: Bool? = j >= planned.members.count ? true : nil
            guard let m = state?.members.first(where: { $0.device == pair.1 }) else { return MemberHealth(device: pair.0, state: .missing, spare: spare) }
            return MemberHealth(device: pair.0, state: Status.memberState(m), slot: m.slot, spare: spare)
        }
        for m in state?.members ?? [] where !kernel.contains(m.device) {
            let extra = MemberHealth(device: m.device, state: Status.memberState(m), slot: m.slot, planned: false)
            members.append(extra)
            if [.active, .rebuilding].contains(extra.state) {
                drift.append(Drift(.array, planned.md, "\(m.device) is \(extra.state == .active ? "an active member" : "being rebuilt as a member"); the plan does not have it"))
            }
        }
        if let s = state {
            checkShape(planned, s)
            checkSpares(planned, s, members)
        }
        if let want = view.requestedMemberBytes[planned.md], want != planned.memberBytes {
            drift.append(Drift(.size, planned.md, "its members have \(Size.human(planned.memberBytes)) each; the plan asks for \(Size.human(want))"))
        }
        return ArrayHealth(md: planned.md, name: planned.name, level: planned.level.name, condition: Status.condition(state),
                           arrayState: state?.arrayState, sizeBytes: state?.sizeBytes, degradedSlots: state?.degraded,
                           progress: state?.sync.map(SyncProgress.init), mismatchSectors: state?.mismatchSectors, members: members)
    }

    /// The md state of a planned array: found as the planner finds the array it runs
    /// (by `uuid:` or by name), else by its md device if no other array runs there.
    mutating func mdState(for planned: TargetArray, _ spec: ArraySpec) -> MDState? {
        let byIdentity = Identity.runningArray(machine.inventory, spec, host: plan.host)
            .flatMap { running in machine.md.first { $0.device == running.device } }
        if let s = byIdentity, !claimed.contains(s.device) {
            claimed.insert(s.device)
            if s.device != planned.md { otherNode(planned, s.device) }
            return s
        }
        guard let s = machine.md.first(where: { $0.device == planned.md }), !claimed.contains(s.device) else { return nil }
        let other = machine.inventory.arrays.first { $0.device == s.device }?.name
        guard other == nil || other == planned.name else { return nil }
        claimed.insert(s.device)
        return s
    }

    /// An array that runs under another node than the plan's: on a system that is not the plan's
    /// host a note (md numbers other hosts' arrays from md127 down); on the host itself drift,
    /// with the mdadm.conf line it lacks.
    mutating func otherNode(_ planned: TargetArray, _ node: String) {
        if let me = machine.hostName, me != plan.host {
            notes.append(Drift(.array, planned.md, "\(planned.name) runs as \(node) here: this system is '\(me)', not the plan's host '\(plan.host)', which assembles it as \(planned.md)"))
            return
        }
        let uuid = machine.inventory.arrays.first { $0.device == node }?.uuid
        let listed = uuid.flatMap(ArrayUUID.normalized).map { u in MdadmConf.lists(machine.mdadmConf ?? "", uuid: u) } ?? true
        let why = listed ? "" : "; mdadm.conf has no ARRAY line for it: add `mdadm --detail --brief \(node)` with \(planned.md) as its node, then refresh the initramfs"
        drift.append(Drift(.array, planned.md, "\(planned.name) runs as \(node), the plan says \(planned.md)" + why))
    }

    /// The kernel's name of a planned member (`/dev/sda4` for `/dev/disk/by-id/X-part4`), as md lists it.
    func kernelName(_ member: String) -> String {
        guard let disk = result?.disks.first(where: { $0.partitions.contains { $0.device == member } }),
              let row = disk.partitions.first(where: { $0.device == member }) else { return member }
        let resolved = machine.inventory.disk(disk.path)?.resolvedPath ?? disk.path
        return Planner.partitionDevice(DiskInfo(path: resolved, isBlockDevice: true, sizeBytes: 0), row.number)
    }

    mutating func checkShape(_ planned: TargetArray, _ s: MDState) {
        if let level = s.level, level != planned.level.name {
            drift.append(Drift(.array, planned.md, "is \(level), the plan says \(planned.level.name)"))
        }
        if let n = s.raidDisks, n != planned.members.count {
            drift.append(Drift(.array, planned.md, "has \(n) member slots, the plan has \(planned.members.count) members"))
        }
    }

    mutating func unplannedArray(_ s: MDState) -> ArrayHealth {
        let name = machine.inventory.arrays.first { $0.device == s.device }?.name
        let what = (name ?? "an array") + (s.level.map { " (\($0))" } ?? "")
        let from = s.members.isEmpty ? "" : " from " + s.members.map(\.device).joined(separator: " ")
        drift.append(Drift(.unplannedArray, s.device, "\(what)\(from) is not in the plan"))
        return ArrayHealth(s, name: name)
    }
}
