/// `disks:` as one list, or as named sets of disks; `on:` of an entry.
extension Reader {
    /// The plan's disks in set order, and the sets when `disks:` is a mapping of them.
    func disks(_ node: Node) throws(PlanError) -> (disks: [String], sets: [DiskSet]?) {
        if case .sequence = node {
            let disks = try diskList(node, "disks", seen: [:])
            guard disks.count >= 2 else { throw error(node, "disks", "mirrored arrays need at least two disks") }
            return (disks, nil)
        }
        guard case .mapping(let m) = node else {
            throw error(node, "disks", "must be a list of disk paths, or sets of them by name (fast: [...], bulk: [...])")
        }
        var sets: [DiskSet] = []
        var seen: [String: String] = [:]
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw error(k, "disks", "a set's name must be a plain word") }
            let name = ks.string
            if let problem = ToolLimits.nameProblem(name) { throw error(k, "disks.\(name)", problem) }
            guard !sets.contains(where: { $0.name == name }) else { throw error(k, "disks.\(name)", "given twice") }
            let disks = try diskList(v, "disks.\(name)", seen: seen)
            for d in disks { seen[d] = "in set \(name)" }
            sets.append(DiskSet(name: name, disks: disks, line: line(k)))
        }
        guard !sets.isEmpty else { throw error(node, "disks", "name at least one set of disks") }
        return (sets.flatMap(\.disks), sets)
    }

    /// A list of disk paths; a path in `seen` (another set's) or twice in the list is refused.
    func diskList(_ node: Node, _ key: String, seen: [String: String]) throws(PlanError) -> [String] {
        guard case .sequence(let seq) = node else { throw error(node, key, "must be a list of disk paths") }
        var disks: [String] = []
        for (i, d) in seq.enumerated() {
            let p = try string(d, "\(key)[\(i)]")
            if let other = seen[p] { throw error(d, "\(key)[\(i)]", "'\(p)' is \(other) already: a disk belongs to one set, as a member disk or a spare") }
            guard !disks.contains(p) else { throw error(d, "\(key)[\(i)]", "'\(p)' is listed twice") }
            disks.append(p)
        }
        guard !disks.isEmpty else { throw error(node, key, "lists no disk") }
        return disks
    }

    /// `spares:`: a list for a plan with one list of disks, a mapping of set names to lists for sets.
    /// The spares are appended to their set's disks (a spare is laid out as the set's disks are).
    func spares(_ node: Node, disks: [String], sets: [DiskSet]?) throws(PlanError) -> ([String], [DiskSet]?, Int?) {
        let taken = Dictionary(disks.map { ($0, "among the plan's disks") }, uniquingKeysWith: { a, _ in a })
        guard var sets else {
            guard case .sequence = node else {
                throw error(node, "spares", "must be a list of disk paths (a mapping of sets needs sets under disks:)")
            }
            let list = try diskList(node, "spares", seen: taken)
            return (disks + list, nil, list.count)
        }
        guard case .mapping(let m) = node else {
            throw error(node, "spares", "the plan has sets of disks: name each set's spares (\(sets[0].name): [...])")
        }
        var seen = taken
        for (k, v) in m {
            guard case .scalar(let ks) = k, let i = sets.firstIndex(where: { $0.name == ks.string }) else {
                throw error(k, "spares", "no set '\(scalarText(k))' among the plan's disks (sets: \(sets.map(\.name).joined(separator: ", ")))")
            }
            guard sets[i].spares == nil else { throw error(k, "spares.\(ks.string)", "given twice") }
            let list = try diskList(v, "spares.\(ks.string)", seen: seen)
            for d in list { seen[d] = "a spare of set \(ks.string)" }
            sets[i].disks += list
            sets[i].spares = list.count
        }
        return (sets.flatMap(\.disks), sets, nil)
    }

    /// A spare joins every array of its set, so each must be able to use one: RAID0 cannot.
    func checkSpareLevels(_ plan: Plan) throws(PlanError) {
        for spec in plan.arrays where spec.level == .raid0 {
            let set = plan.diskSets.first { $0.name == plan.setName(of: spec) }
            guard let n = set?.spares, n > 0 else { continue }
            throw PlanError(file: file, line: spec.line, key: "level",
                            "RAID0 cannot use a spare, and every array of \(plan.sets == nil ? "the plan" : "set \(set!.name)") gets one on its spare disks; "
                                + "put the array on a set without spares, or give it a redundant level")
        }
    }

    func scalarText(_ node: Node) -> String {
        if case .scalar(let s) = node { return s.string }
        return "?"
    }

    /// `on: SET` of an entry: one of the plan's sets.
    func set(_ node: Node?, _ path: String, sets: [DiskSet]?) throws(PlanError) -> String? {
        guard let node else { return nil }
        let name = try string(node, "\(path).on")
        guard let sets else {
            throw error(node, "\(path).on", "the plan has one list of disks; to place entries on sets, name the sets under disks: (fast: [...], bulk: [...])")
        }
        guard sets.contains(where: { $0.name == name }) else {
            throw error(node, "\(path).on", "no set '\(name)' among the plan's disks (sets: \(sets.map(\.name).joined(separator: ", ")))")
        }
        return name
    }

    /// Each entry's set has enough disks for its level; the host's file systems that boot live on the
    /// first set, whose disks carry the boot loader.
    func checkSets(_ plan: Plan) throws(PlanError) {
        try checkSpareLevels(plan)
        guard let sets = plan.sets else { return }
        for spec in plan.arrays {
            let name = plan.setName(of: spec)
            let set = sets.first { $0.name == name }
            let count = (set?.disks.count ?? 0) - (set?.spares ?? 0)
            if count < max(2, spec.level.minimumDisks) {
                throw PlanError(file: file, line: spec.line, key: "on",
                                "\(spec.level.displayName) needs at least \(max(2, spec.level.minimumDisks)) disks; set \(name) has \(count)")
            }
            if name != sets[0].name, let mount = spec.mount, ["/", "/boot", "/boot/efi"].contains(mount) {
                throw PlanError(file: file, line: spec.line, key: "on",
                                "\(mount) must be on the first set of disks (\(sets[0].name)): its disks boot the host")
            }
        }
    }
}
