extension Diff {
    /// For one array: what to do (wipe and create a new one; assemble a stopped one; format) and what is kept.
    func arrayChanges(_ a: TargetArray) -> (actions: [Action], kept: [KeptItem]) {
        let spec = a.spec
        var actions: [Action] = []
        var kept: [KeptItem] = []
        let memberText = a.members.count == 2 ? "\(a.members[0]) and \(a.members[1])" : a.members.dropLast().joined(separator: ", ") + " and \(a.members.last!)"
        switch a.state {
        case .new:
            let present = a.allMembers.filter { $0 != Degraded.slot }
            if let node = a.interrupted?.assembledAs {
                actions.append(Action(.stopArray, device: node,
                                      summary: "Stop the inactive \(node) that udev assembled from \(a.md)'s interrupted creation",
                                      argv: ["mdadm", "--stop", node]))
            }
            actions += [wipeMembers(a, memberText: present == a.members ? memberText : present.joined(separator: ", ")), createArray(a)]
        case .stopped, .running:
            let runningAs = a.device != a.md ? " (running as \(a.device))" : ""
            kept.append(KeptItem(device: a.device, summary: "Keep \(spec.level.displayName) \(a.md)\(runningAs) (\(Size.human(a.sizeBytes))) '\(a.name)' from \(memberText)"
                                 + a.spareText
                                 + (a.running == nil ? " (members carry its superblock; not assembled here)" : "")))
        }
        if a.state == .stopped {
            // Every array of the plan ends up running; and only a running array can be looked
            // into: start it, then its format is checked at apply time.
            actions.append(Action(.assembleArray(array: spec.name), device: a.md,
                                  summary: "Assemble \(spec.level.displayName) \(a.md) '\(a.name)' from \(memberText) (its members carry its superblocks)",
                                  argv: ["mdadm", "--assemble", a.md] + Degraded.assembleArguments(a.allMembers)))
        }
        if let format = formatAction(a) {
            actions.append(format)
        } else if a.format != .raw, a.exists {
            kept.append(KeptItem(device: a.device, summary: "Keep \(a.format.rawValue) on \(a.device)"))
        }
        return (actions, kept)
    }

    /// Zero the first and last MiB of each new member before the array is created.
    func wipeMembers(_ a: TargetArray, memberText: String) -> Action {
        let wipe = target.disks.flatMap { d in
            [ByteRange(disk: d.path, offset: a.memberStartBytes, length: Size.MiB),
             ByteRange(disk: d.path, offset: a.memberStartBytes + a.memberBytes - Size.MiB, length: Size.MiB)]
        }
        return Action(.wipeSignatures(wipe, array: a.spec.name), device: a.md,
                      summary: "Clear old signatures at both ends of \(memberText)",
                      detail: "zero the first and last MiB of each member (old file systems, swap, md superblocks 0.90/1.0/1.1/1.2)")
    }

    /// `mdadm --create` with the plan's name and homehost, never the running system's.
    func createArray(_ a: TargetArray) -> Action {
        let spec = a.spec
        var argv = ["mdadm", "--create", a.md, "--run", "--level=\(spec.level.rawValue)", "--raid-devices=\(a.members.count)", "--metadata=\(a.metadata)"]
        if let c = a.chunkBytes, spec.level.usesChunk { argv.append("--chunk=\(c / Size.KiB)K") }
        argv.append("--bitmap=\(a.bitmap ? "internal" : "none")")
        if let spares = a.spares { argv.append("--spare-devices=\(spares.count)") }
        argv += ["--name=\(spec.name)", "--homehost=\(target.host)"]
        argv += a.allMembers
        let from = a.members.map { $0 == Degraded.slot ? $0 : "\($0) (\(Size.human(a.memberBytes)))" }.joined(separator: a.members.count == 2 ? " and " : ", ")
        return Action(.createArray(array: spec.name), device: a.md,
                      summary: "Create MD \(spec.level.displayName) \(a.md) (\(Size.human(a.estimatedBytes))) '\(a.name)' from \(from)\(a.spareText)",
                      argv: argv, detail: "then zero the first and last MiB of \(a.md) (old data in its members must not show through)")
    }

    /// The format an array needs: none for raw ones and for a running array that holds it already;
    /// for one assembled by this plan, apply looks first. An unfinished ext4 (`Signature.unfinished`)
    /// is made again, with `-F`, as mke2fs asks before it writes over a file system.
    func formatAction(_ a: TargetArray) -> Action? {
        let spec = a.spec
        let held = a.running?.signatures.first { $0.type == spec.format.rawValue }
        if target.reinstallHost, !a.guest, a.running != nil { return Reinstall.remake(a) }
        if held != nil, held?.unfinished == nil { return nil }
        let unfinished = held?.unfinished
        let unseen = a.state == .stopped
        let dev = a.device
        let argv: [String]
        switch spec.format {
        case .swap: argv = ["mkswap", "-L", spec.label, dev]
        case .ext4: argv = ["mkfs.ext4", "-q"] + (unfinished == nil ? [] : ["-F"]) + ["-L", spec.label, dev]
        case .xfs: argv = ["mkfs.xfs", "-q", "-L", spec.label, dev]
        case .vfat: argv = ["mkfs.vfat", "-F", "32", "-n", spec.label.uppercased(), dev]
        case .raw: return nil
        }
        let what = spec.format == .swap ? "swap" : spec.format.rawValue
        let op: Action.Operation = unfinished != nil ? .remakeFilesystem(array: spec.name)
            : spec.format == .swap ? .makeSwap(array: spec.name) : .makeFilesystem(array: spec.name)
        return Action(op, device: dev,
                      summary: "Create \(what) on \(dev) (label '\(spec.format == .vfat ? spec.label.uppercased() : spec.label)')"
                          + (unfinished.map { " again: the one there is unfinished (\($0))" } ?? (unseen ? ", unless it already holds \(what)" : "")),
                      argv: argv)
    }
}
