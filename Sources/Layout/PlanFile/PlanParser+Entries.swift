/// The checks of a plan file that span entries, and the install keys.
extension Reader {
    /// Checks across entries; numbers arrays without `md` after the highest one given so far.
    /// An ESP that `firmware: uefi` added gets its number last, so it shifts no number the plan implies.
    /// `firstSet`: the plan's first set of disks, where entries without `on:` live (nil: one list of disks).
    func checked(_ entries: [(spec: ArraySpec, node: Node, mdGiven: Bool)], autoESP: Bool, host: String, firstSet: String? = nil) throws(PlanError) -> [ArraySpec] {
        let hostLength = host.utf8.count
        var names: [String: Int] = [:]
        var mds: Set<Int> = []
        var mounts: Set<String> = []
        var uuids: Set<String> = []
        for (i, e) in entries.enumerated() {
            if let first = names[e.spec.name] {
                throw error(e.node, "name", "'\(e.spec.name)' is used twice (first on line \(entries[first].spec.line ?? 0))")
            }
            names[e.spec.name] = i
            if e.mdGiven {
                guard mds.insert(e.spec.md).inserted else { throw error(e.node, "md", "md\(e.spec.md) is used twice") }
            }
            if let u = e.spec.uuid {
                guard uuids.insert(u).inserted else { throw error(e.node, "uuid", "array \(ArrayUUID.mdadmForm(u)) is named by two entries") }
            }
            if let m = e.spec.mount {
                guard mounts.insert(m).inserted else { throw error(e.node, "mount", "\(m) is mounted twice") }
            }
            let set = e.spec.set ?? firstSet
            if e.spec.sizeBytes == nil, entries[(i + 1)...].contains(where: { ($0.spec.set ?? firstSet) == set }) {
                throw error(e.node, "size", "`rest` takes what is left, so only the last array or guest" + (firstSet == nil ? "" : " of a set") + " may use it")
            }
        }
        // mdadm keeps `host:name` in 32 bytes; a GPT partition name (`mdN-name`) holds 36 characters.
        for e in entries where e.spec.name.utf8.count + 1 + hostLength > 32 {
            throw error(e.node, "name", "'\(host):\(e.spec.name)' is longer than the 32 bytes mdadm stores for an array name")
        }
        var out: [ArraySpec] = []
        var next = 0
        for (i, e) in entries.enumerated() {
            var spec = e.spec
            if autoESP, i == 0 {
                out.append(spec)
                continue
            }
            if !e.mdGiven {
                while mds.contains(next) { next += 1 }
                guard PlanParser.mdNumbers.contains(next) else { throw error(e.node, "md", "no md number left (0-\(PlanParser.mdNumbers.upperBound))") }
                spec.md = next
                mds.insert(next)
            }
            next = max(next, spec.md + 1)
            guard "md\(spec.md)-\(spec.name)".count <= 36 else {
                throw error(e.node, "name", "the partition name 'md\(spec.md)-\(spec.name)' is longer than the 36 characters a GPT name holds")
            }
            out.append(spec)
        }
        if autoESP {
            var k = 0
            while mds.contains(k) { k += 1 }
            guard PlanParser.mdNumbers.contains(k) else { throw error(entries[0].node, "md", "no md number left for the ESP") }
            out[0].md = k
        }
        return out
    }

    /// `image: PATH`: a root file system archive apply installs. A relative path is taken from
    /// the plan file's folder. The plan needs an array mounted on `/` to install it into.
    func image(_ node: Node, _ plan: Plan) throws(PlanError) -> String {
        let path = try string(node, "image")
        guard !path.isEmpty else { throw error(node, "image", "give the path of a root file system archive (.tar, .tar.gz, .tar.xz, .tar.zst)") }
        guard plan.arrays.contains(where: { $0.mount == "/" }) else {
            throw error(node, "image", "an image is installed into the array mounted on /, and the plan has none; add one (mount: /)")
        }
        if path.hasPrefix("/") { return path }
        guard let file, let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }
}
