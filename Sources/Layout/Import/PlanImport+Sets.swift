/// `import` of a server whose disks form sets: disks that share no array (two NVMe disks
/// with the host, two HDDs with bulk guests) become sets of their own, each described as a
/// plan of its disks alone. The set with the host's / (else the first disk's) comes first.
extension PlanImport {
    /// The disks grouped by the arrays they share, as indices into `disks`; one group when
    /// every array spans every disk (or there is nothing to group by).
    static func diskGroups(_ disks: [DiskInfo], paths: [String]) -> [[Int]] {
        var group = Array(disks.indices)
        func root(_ i: Int) -> Int { group[i] == i ? i : root(group[i]) }
        var firstDiskOf: [String: Int] = [:]
        for (k, d) in disks.enumerated() {
            for p in d.table?.partitions ?? [] {
                guard let u = p.signatures.first(where: \.isRaidMember)?.uuid else { continue }
                if let j = firstDiskOf[u] { group[root(k)] = root(j) } else { firstDiskOf[u] = k }
            }
        }
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for k in disks.indices {
            let r = root(k)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(k)
        }
        let groups = order.map { members[$0]! }
        // A disk that shares nothing (blank, or not an md member) does not make a set of its own.
        return groups.count > 1 && groups.allSatisfy({ $0.count >= 2 }) ? groups : [Array(disks.indices)]
    }

    static func setsPlan(_ inventory: Inventory, disks: [DiskInfo], paths: [String], groups: [[Int]], host: String, fstab: String,
                         usedMD: inout Set<Int>) -> Result {
        var pieces: [Piece] = []
        for g in groups {
            pieces.append(piece(inventory, disks: g.map { disks[$0] }, paths: g.map { paths[$0] }, host: host, fstab: fstab, boots: false, usedMD: &usedMD))
        }
        // The host's set first: the one with /, else the one with a bios_grub partition.
        let hostSet = pieces.firstIndex { $0.entries.contains { $0.mount == "/" } } ?? pieces.firstIndex { $0.firmware != nil } ?? 0
        pieces.insert(pieces.remove(at: hostSet), at: 0)
        let names = pieces.indices.map { "set\($0 + 1)" }
        var problems = pieces.flatMap(\.problems)
        if Set(pieces.map(\.label)).count > 1 { problems.append("the sets hold different partition tables; a plan has one label") }
        if pieces[0].label == .gpt, pieces[0].firmware == nil {
            problems.append("the disks of \(names[0]) have no bios_grub partition: the plan (firmware: bios) would add one")
        }
        var entries: [Entry] = []
        for (k, p) in pieces.enumerated() {
            entries += p.entries.map { e in
                var e = e
                e.on = k == 0 ? nil : names[k]
                return e
            }
        }
        let text = render(host: host, paths: pieces.flatMap(\.paths), label: pieces[0].label, firmware: pieces[0].firmware, entries: entries,
                          problems: problems, sets: zip(names, pieces).map { ($0, $1.memberPaths, $1.sparePaths) })
        return Result(text: text, problems: problems)
    }
}
