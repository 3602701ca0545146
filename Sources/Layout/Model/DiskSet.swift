/// A named group of disks in a plan (`disks: {fast: [...], bulk: [...]}`): the arrays and guests
/// that say `on: NAME` have a member on each of its disks and nowhere else. Members are alike
/// within a set (the same partitions, byte for byte); sets may differ in size and sector size.
/// The first set is the default one and holds the host: its disks boot.
public struct DiskSet: Sendable, Codable, Equatable {
    public var name: String
    /// Its disks, its spares (`spares:`) last.
    public var disks: [String]
    /// Line of the set in the plan file.
    public var line: Int?
    /// How many of `disks`, the last ones, are hot spares; nil for none.
    public var spares: Int?

    public init(name: String, disks: [String], line: Int? = nil, spares: Int? = nil) {
        self.name = name
        self.disks = disks
        self.line = line
        self.spares = spares
    }

    /// Its spare disks.
    public var spareDisks: [String] { Array(disks.suffix(spares ?? 0)) }
}

extension Plan {
    /// The plan's sets: those it names, or its one list of disks as one set.
    public var diskSets: [DiskSet] {
        sets ?? [DiskSet(name: Self.defaultSetName, disks: disks, line: disksLine, spares: spares)]
    }

    /// What a plan with one list of disks calls its set.
    public static let defaultSetName = "default"

    /// Whether the plan names more than one set of disks.
    public var hasSets: Bool { (sets?.count ?? 0) > 1 }

    /// The name of the set entry `spec` lives on: its `on:`, else the first set.
    public func setName(of spec: ArraySpec) -> String {
        spec.set ?? diskSets[0].name
    }

    /// The plan for one set alone, as if its disks were the only ones: its entries (in plan
    /// order), `paths` as its disks (the set's, or what `--disk` gave for them). Only the first
    /// set boots and installs the host (`image:`); `alerts` is the whole host's.
    public func subplan(_ k: Int, paths: [String]) -> Plan {
        let set = diskSets[k]
        var p = self
        p.disks = paths
        p.sets = nil
        p.disksLine = set.line ?? disksLine
        p.arrays = arrays.filter { setName(of: $0) == set.name }
        p.spares = set.spares
        if k > 0 {
            p.image = nil
            p.bootless = true
        }
        return p
    }

    /// `paths` (the plan's disks or `--disk`'s, in set order) cut into one list per set.
    public func pathsBySet(_ paths: [String]) -> [[String]] {
        var rest = paths[...]
        return diskSets.map { set in
            let mine = Array(rest.prefix(set.disks.count))
            rest = rest.dropFirst(set.disks.count)
            return mine
        }
    }
}

/// One set of disks in the target layout: within it every disk holds the same partitions.
public struct TargetSet: Sendable, Codable, Equatable {
    public var name: String
    /// Its disks (after `--disk`), in order.
    public var disks: [String]
    /// Its partitions start and end on multiples of this many bytes.
    public var grainBytes: UInt64
    /// The largest free space common to its disks once the plan is applied.
    public var largestFreeBytes: UInt64

    public init(name: String, disks: [String], grainBytes: UInt64, largestFreeBytes: UInt64) {
        self.name = name
        self.disks = disks
        self.grainBytes = grainBytes
        self.largestFreeBytes = largestFreeBytes
    }
}
