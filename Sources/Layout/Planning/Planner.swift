/// The pure function between what is there and what the plan wants:
/// `plan(plan, inventory) -> actions`, in two halves. `target` says what the
/// disks should hold (`TargetLayout`, no actions); `diff` says what to do to
/// get there from the inventory. No I/O.
public enum Planner {
    /// The target, then the difference: the dry run that `apply` runs.
    /// An error about a top-level key (`label`, `firmware`) names that key's line.
    public static func plan(_ plan: Plan, inventory: Inventory, options: PlannerOptions = .init()) throws(PlanError) -> PlanResult {
        do {
            let t = try target(plan, inventory: inventory, options: options)
            try ImageCheck.check(plan, t, inventory.host)
            return diff(t, inventory: inventory)
        } catch {
            throw error.located(in: plan)
        }
    }

    /// The actions that take `inventory` to `target`, what is kept, each disk's layout after, and notes.
    /// `inventory` must be the one the target was computed from.
    public static func diff(_ target: TargetLayout, inventory: Inventory) -> PlanResult {
        let diff = Diff(target: target, inventory: inventory)
        var result = target.sets.isEmpty ? diff.result() : diff.setsResult()
        result.notes = target.notes + Degraded.notes(target) + result.notes
        return InUse.marked(result, inventory: inventory)
    }

    /// The partition device for partition `number` of `disk`: `/dev/sda3`,
    /// `/dev/nvme0n1p3`, `/dev/disk/by-id/X-part3`; `FILE#3` for an image file.
    /// A block device is named as the kernel names its partitions: the kernel's node of the
    /// disk (another symlink than udev's by-id/by-path ones is followed), then `p` before the
    /// number when the disk's name ends in a digit (the kernel's rule, block/partitions/core.c).
    public static func partitionDevice(_ disk: DiskInfo, _ number: Int) -> String {
        let path = disk.path
        if path.hasPrefix("/dev/disk/by-") { return "\(path)-part\(number)" }
        if !disk.isBlockDevice { return "\(path)#\(number)" }
        let node = disk.resolvedPath
        return node.last.map(\.isASCIIDigit) == true ? "\(node)p\(number)" : "\(node)\(number)"
    }

    /// The GPT partition name that ties a member to its array: `md2-root`.
    public static func memberName(_ spec: ArraySpec) -> String { "md\(spec.md)-\(spec.name)" }

    /// The name mdadm stores in the superblock: `host:name`.
    public static func arrayName(host: String, _ spec: ArraySpec) -> String { "\(host):\(spec.name)" }

    public static let biosGrubName = "bios_grub"
}
