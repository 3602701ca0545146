import FoundationEssentials

/// What `apply --json` prints: one JSON object per line (JSON Lines), an
/// `action` object as each action finishes, then one `report`.
public enum ApplyEvent {
    /// One finished action: `done`, or `skipped: ...` when a previous run did it.
    public struct ActionFinished: Sendable, Codable, Equatable {
        public var event = "action"
        /// 1-based position in the plan's action list.
        public var index: Int
        public var total: Int
        public var kind: Action.Kind
        public var device: String
        public var summary: String
        public var state: String

        public init(index: Int, total: Int, action: Action, state: String) {
            self.index = index
            self.total = total
            self.kind = action.kind
            self.device = action.device
            self.summary = action.summary
            self.state = state
        }
    }

    /// The end of a successful apply: the disks hold the plan.
    public struct Report: Sendable, Codable, Equatable {
        public var event = "report"
        public var plan: String
        public var host: String
        /// Whether any action ran (false when the disks already held the plan).
        public var changed: Bool
        /// How many actions ran, and how many found their work already done.
        public var done: Int
        public var skipped: Int
        /// The arrays, each with the size the kernel reports.
        public var arrays: [PlannedArray]
        public var fstab: [String]
        /// The mdadm.conf written (`--mdadm-conf`), if any.
        public var mdadmConf: String?

        public init(plan: String, host: String, done: Int, skipped: Int, arrays: [PlannedArray], fstab: [String], mdadmConf: String?) {
            self.plan = plan
            self.host = host
            self.changed = done > 0
            self.done = done
            self.skipped = skipped
            self.arrays = arrays
            self.fstab = fstab
            self.mdadmConf = mdadmConf
        }
    }

    /// One object on one line, with the same keys (snake case) as the other JSON outputs.
    public static func line(_ value: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }
}
