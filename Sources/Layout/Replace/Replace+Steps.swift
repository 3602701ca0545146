/// The actions of a replacement, from the target computed on the disks as they
/// will be: old members out, degraded arrays started, the new disk's table and
/// partitions, its members' ends zeroed, each member added, the boot loader.
struct ReplaceSteps {
    let plan: Plan
    let inventory: Inventory
    /// The plan on the healthy disks and the new disk laid out like them.
    let target: TargetLayout
    /// The new disk's index in `target.disks`.
    let newIndex: Int
    let healthy: [DiskInfo]
    let options: ReplaceOptions
    private(set) var replaced: [ReplacedArray] = []
    private(set) var bootloader: [String]?

    init(plan: Plan, inventory: Inventory, target: TargetLayout, newIndex: Int, healthy: [DiskInfo], options: ReplaceOptions) {
        self.plan = plan
        self.inventory = inventory
        self.target = target
        self.newIndex = newIndex
        self.healthy = healthy
        self.options = options
    }

    /// The healthy disks' kernel nodes, as md lists its members' disks.
    var healthyDisks: Set<String> { Set(healthy.map(\.resolvedPath)) }

    mutating func result() throws(PlanError) -> PlanResult {
        var t = target
        let newInfo = inventory.disk(t.disks[newIndex].path)
        t.disks[newIndex].newTable = true
        t.disks[newIndex].wiped = options.wipe && (newInfo?.table != nil || newInfo?.signatures.isEmpty == false)
        for j in t.disks[newIndex].partitions.indices { t.disks[newIndex].partitions[j].state = .new }
        let diff = Diff(target: t, inventory: inventory)
        let disk = t.disks[newIndex]
        var first: [Action] = [], adds: [Action] = [], kept: [KeptItem] = []
        for a in t.arrays {
            // Spares (`spares:`) are the last disks: a spare disk is replaced as any other.
            let all = a.allMembers
            let member = all[newIndex]
            let healthyMembers = all.enumerated().filter { $0.offset != newIndex }.map(\.element)
            let node: String
            // Where the healthy disks fill every slot (a spare took over, or the new disk is a
            // spare's), md keeps the new member as a hot spare.
            var filled = healthyMembers.count >= a.members.count
            if let running = Identity.runningArray(inventory, a.spec, host: plan.host) {
                node = running.device
                if !running.memberDisks.isEmpty { filled = running.memberDisks.filter(healthyDisks.contains).count >= a.members.count }
                first += removals(a, running)
                if running.state == "inactive" { first.append(start(a, node: node, from: healthyMembers)) }
            } else {
                node = a.md
                first.append(try assemble(a, from: healthyMembers))
            }
            adds.append(add(a, node: node, member: member, from: healthyMembers, spare: filled))
            kept.append(KeptItem(device: node, summary: "Keep \(a.level.displayName) \(node) '\(a.name)' and its data on \(healthyMembers.joined(separator: ", "))"))
            replaced.append(ReplacedArray(device: node, name: a.name, healthyMembers: healthyMembers, newMember: member, asSpare: filled ? true : nil))
        }
        var actions = first
        if disk.wiped { actions += diff.eraseDisk(disk) }
        actions += diff.partitionActions(disk)
        actions.append(wipeEnds(disk))
        actions += adds
        if plan.firmware.bootsBIOS, plan.boots {
            bootloader = ["grub-install", disk.path]
            if installsBootloader { actions += bootloaderActions(disk, t) }
        }
        actions += bootEntryActions(disk)
        let keptParts = healthy.flatMap { d in
            (d.table?.partitions ?? []).map { p in
                KeptItem(device: Planner.partitionDevice(d, p.number), summary: "Keep partition \(Planner.partitionDevice(d, p.number)) (\(Size.human(p.sizeBytes(d)))) on the healthy disk")
            }
        }
        return PlanResult(host: t.host, actions: actions, kept: keptParts + kept, notes: notes(t, disk), target: t)
    }

    /// Members the array still lists that lie on no healthy disk: the failed disk's.
    func removals(_ a: TargetArray, _ running: RunningArray) -> [Action] {
        zip(running.members, running.memberDisks).filter { !healthyDisks.contains($0.1) }.map { m, _ in
            Action(.removeMember(m, array: a.spec.name), device: running.device,
                   summary: "Fail and remove the old member \(m) from \(running.device) '\(a.name)'",
                   argv: ["mdadm", running.device, "--fail", m, "--remove", m])
        }
    }

    /// An array assembled from too few members stays inactive until it is told to run degraded.
    func start(_ a: TargetArray, node: String, from members: [String]) -> Action {
        Action(.startArray(array: a.spec.name), device: node,
               summary: "Start \(a.level.displayName) \(node) '\(a.name)' degraded from \(members.joined(separator: ", ")) (assembled but inactive: its other member is missing)",
               argv: ["mdadm", "--run", node])
    }

    /// An array nothing assembled: from its members on the healthy disks, which must carry its superblock.
    func assemble(_ a: TargetArray, from members: [String]) throws(PlanError) -> Action {
        for d in healthy {
            let p = d.table?.partitions.first { $0.number == a.memberNumber }
            guard p?.signatures.contains(where: { $0.isRaidMember && $0.label == a.name }) == true else {
                throw PlanError(line: a.spec.line, key: plan.entryKey(a.entry),
                                "array '\(a.name)' does not run and \(Planner.partitionDevice(d, a.memberNumber)) carries no superblock of it: there is nothing to rebuild it from")
            }
        }
        return Action(.assembleArray(array: a.spec.name), device: a.md,
                      summary: "Assemble \(a.level.displayName) \(a.md) '\(a.name)' degraded from \(members.joined(separator: ", "))",
                      argv: ["mdadm", "--assemble", "--run", a.md] + members)
    }

    func add(_ a: TargetArray, node: String, member: String, from members: [String], spare: Bool) -> Action {
        Action(.addMember(member, array: a.spec.name), device: node,
               summary: "Add \(member) to \(a.level.displayName) \(node) '\(a.name)' (\(Size.human(a.memberBytes)))"
                   + (spare ? " as its hot spare" : "; md rebuilds it from \(members.joined(separator: ", "))"),
               argv: ["mdadm", node, "--add", member])
    }

    /// The first and last MiB of every new member: nothing old may look like a superblock to md.
    func wipeEnds(_ disk: TargetDisk) -> Action {
        let members = disk.partitions.filter { $0.entry != nil }
        let ranges = members.flatMap { p in
            [ByteRange(disk: disk.path, offset: p.startBytes, length: Size.MiB),
             ByteRange(disk: disk.path, offset: p.startBytes + p.sizeBytes - Size.MiB, length: Size.MiB)]
        }
        return Action(.wipeSignatures(ranges, array: nil), device: disk.path,
                      summary: "Clear old signatures at both ends of the new members \(members.map(\.device).joined(separator: ", "))",
                      detail: "zero the first and last MiB of each member (old file systems, swap, md superblocks 0.90/1.0/1.1/1.2)")
    }

    func notes(_ t: TargetLayout, _ disk: TargetDisk) -> [String] {
        var notes: [String] = []
        if disk.unusedBytes >= Size.MiB {
            notes.append("\(disk.path) is larger than the plan's members need: its last \(Size.human(disk.unusedBytes)) stay unused.")
        }
        if disk.spare == true || t.arrays.contains(where: { $0.spares != nil }) {
            notes.append("md takes each new member as a hot spare where its array runs complete (the new disk is the plan's spare, or a spare took over the failed member), "
                + "and rebuilds onto it where a slot is empty; follow it with --watch or in /proc/mdstat.")
        } else {
            notes.append("md rebuilds each array onto its new member after `mdadm --add`, one after the other; follow it with --watch or in /proc/mdstat.")
        }
        notes.append("mdadm.conf needs no change: the arrays keep their UUIDs and names (--mdadm-conf FILE writes it anew from the running arrays).")
        if !plan.boots {
            notes.append("No boot loader: \(disk.path) is in a set of disks that does not boot the host.")
        } else if plan.firmware.bootsBIOS {
            let cmd = Render.shellQuoted(["grub-install", disk.path])
            notes.append(installsBootloader
                ? "The boot loader is installed on \(disk.path) as the last step: \(cmd)."
                : "Boot loader: the new disk has no GRUB yet. On the installed host run: \(cmd) (or pass --install-bootloader).")
        }
        if plan.firmware.bootsUEFI, plan.boots {
            let esp = t.arrays.first { $0.spec.isESP }
            notes.append("Boot loader: none to install\(plan.firmware == .both ? " for UEFI" : ""). The ESP is an array member"
                + (esp.map { " (\($0.device) '\($0.name)', typed EFI System)" } ?? "") + ": md copies it onto \(disk.path) like the other arrays.")
        }
        return notes
    }
}
