/// `apply --reinstall-host`: from the rescue system, the host's file systems are
/// made anew and the plan's image installed on them; every guest array, its
/// partitions and its superblock stay untouched. That is what one raw array per
/// guest is for: a broken host is installed again while the guests wait.
enum Reinstall {
    static func check(_ plan: Plan, _ t: TargetLayout, inventory: Inventory) throws(PlanError) {
        guard plan.image != nil else {
            throw PlanError(key: "--reinstall-host", "the plan names no image: to install the host again, add image: PATH")
        }
        for a in t.arrays where a.exists == false && !a.guest {
            throw PlanError(key: "--reinstall-host", "the host's array \(a.md) '\(a.name)' does not exist yet: a first install is a plain apply")
        }
        for a in t.arrays {
            guard let r = a.running, let use = inventory.uses(of: r.device).first else { continue }
            let what = a.guest ? "guest \(a.name)" : "the host's \(a.name)"
            let advice = a.guest ? "stop the guest first; its array is kept, but not while it is in use"
                : "reinstall the host from the rescue system, not from the host itself"
            throw PlanError(key: "--reinstall-host", "\(what) on \(r.device) is in use (\(use.description)): \(advice); nothing was written")
        }
    }

    /// The file system or swap made again, forced over the old one.
    static func remake(_ a: TargetArray) -> Action? {
        let spec = a.spec, dev = a.device
        let argv: [String]
        switch spec.format {
        case .swap: argv = ["mkswap", "-f", "-L", spec.label, dev]
        case .ext4: argv = ["mkfs.ext4", "-q", "-F", "-L", spec.label, dev]
        case .xfs: argv = ["mkfs.xfs", "-q", "-f", "-L", spec.label, dev]
        case .vfat: argv = ["mkfs.vfat", "-F", "32", "-n", spec.label.uppercased(), dev]
        case .raw: return nil
        }
        let what = spec.format == .swap ? "swap" : spec.format.rawValue
        return Action(.remakeFilesystem(array: spec.name), device: dev,
                      summary: "Make \(what) anew on \(dev) for \(spec.mount ?? "swap") (reinstall of the host: what it holds now is lost)",
                      argv: argv)
    }

    /// What is made anew and, apart, every guest that is kept.
    static func notes(_ t: TargetLayout) -> [String] {
        let host = t.arrays.filter { !$0.guest && $0.format != .raw }.map { "\($0.device) \($0.mount ?? $0.format.rawValue)" }
        let guests = t.arrays.filter(\.guest).map { "\($0.device) '\($0.name)' (\(Size.human($0.sizeBytes)))" }
        return ["Reinstall of the host: made anew: \(host.joined(separator: ", ")); then the image is installed and GRUB put on every disk again.",
                "Kept untouched, with their partitions and superblocks: " + (guests.isEmpty ? "no guests" : guests.joined(separator: ", ")) + "."]
    }
}
