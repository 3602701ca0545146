import FoundationEssentials

/// What `apply --json` prints: one JSON object per line (JSON Lines): a `start`
/// object as each action starts, an `action` object as it finishes (or a `failed`
/// one, which ends the stream), then one `report`.
public enum ApplyEvent {
    /// One action that starts now.
    public struct ActionStarted: Sendable, Codable, Equatable {
        public var event = "start"
        public var index: Int
        public var total: Int
        public var kind: Action.Kind
        public var device: String
        public var summary: String

        public init(index: Int, total: Int, action: Action) {
            self.index = index
            self.total = total
            self.kind = action.kind
            self.device = action.device
            self.summary = action.summary
        }
    }

    /// The action that failed: apply stops here.
    public struct ActionFailed: Sendable, Codable, Equatable {
        public var event = "failed"
        public var index: Int
        public var total: Int
        public var kind: Action.Kind
        public var device: String
        public var summary: String
        public var error: String
        public var elapsedSeconds: Double

        public init(index: Int, total: Int, action: Action, error: String, elapsedSeconds: Double) {
            self.index = index
            self.total = total
            self.kind = action.kind
            self.device = action.device
            self.summary = action.summary
            self.error = error
            self.elapsedSeconds = (elapsedSeconds * 10).rounded() / 10
        }
    }

    /// One line of progress: `[3/27] Create ... ...` as a step starts; `[3/27] Create ...: done`
    /// as it ends (with its time when it took `longStep` or more); `[3/27] Create ...: failed after 1.2s`.
    public static func text(index: Int, total: Int, action: Action, state: String, elapsed: Double?, style: TextStyle = .plain) -> String {
        let head = "[\(index)/\(total)] \(action.summary)"
        switch state {
        case "running": return head + " ...\n"
        case "failed": return head + ": " + style.red("failed") + elapsedText(elapsed, always: true) + "\n"
        default: return head + ": " + (state == "done" ? style.green(state) : style.dim(state)) + elapsedText(elapsed) + "\n"
        }
    }

    /// Steps shorter than this end without their time.
    public static let longStep = 3.0

    /// ` after 1m12s` for a step that took `longStep` or more (always for a failed one); else empty.
    public static func elapsedText(_ seconds: Double?, always: Bool = false) -> String {
        guard let seconds, always || seconds >= longStep else { return "" }
        return " after " + (seconds < 10 ? "\((seconds * 10).rounded() / 10)s" : Status.duration(UInt64(seconds.rounded())))
    }

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
        public var arrays: [TargetArray.JSON]
        public var fstab: [String]
        /// The mdadm.conf written (`--mdadm-conf`), if any.
        public var mdadmConf: String?

        public init(plan: String, host: String, done: Int, skipped: Int, arrays: [TargetArray.JSON], fstab: [String], mdadmConf: String?) {
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
