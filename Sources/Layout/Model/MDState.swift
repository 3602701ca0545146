/// One md array as the kernel shows it in /sys/block/mdN/md, with the position
/// of a running sync from /proc/mdstat. What `diskplan status` judges health by.
public struct MDState: Sendable, Codable, Equatable {
    /// `/dev/md2`
    public var device: String
    /// `array_state`: `clean`, `active`, `read-auto`, `readonly`, `inactive`, `broken`, ...
    public var arrayState: String
    /// `level` (`raid1`); nil while the array is inactive.
    public var level: String?
    /// `raid_disks`: the slots of the array; nil while inactive.
    public var raidDisks: Int?
    /// `degraded`: how many slots have no working member; nil while inactive.
    public var degraded: Int?
    /// The resync, recovery, check or reshape that runs, waits or is due; nil when none is.
    public var sync: Sync?
    /// `mismatch_cnt`: sectors the last check or repair found different.
    public var mismatchSectors: UInt64?
    /// `/sys/block/mdN/size` in bytes; 0 while inactive.
    public var sizeBytes: UInt64
    /// `dev-*` entries, by slot.
    public var members: [Member]

    public init(device: String, arrayState: String, level: String? = nil, raidDisks: Int? = nil, degraded: Int? = nil,
                sync: Sync? = nil, mismatchSectors: UInt64? = nil, sizeBytes: UInt64 = 0, members: [Member] = []) {
        self.device = device
        self.arrayState = arrayState
        self.level = level
        self.raidDisks = raidDisks
        self.degraded = degraded
        self.sync = sync
        self.mismatchSectors = mismatchSectors
        self.sizeBytes = sizeBytes
        self.members = members
    }

    /// Started: not `inactive`, `clear` or `suspended`.
    public var isRunning: Bool { !["inactive", "clear", "suspended"].contains(arrayState) }

    /// A member device of the array (`dev-vda4`).
    public struct Member: Sendable, Codable, Equatable {
        /// `/dev/vda4`
        public var device: String
        /// `slot`: the role in the array; nil (`none`) for a spare or a failed member.
        public var slot: Int?
        /// `state`, split at commas: `in_sync`, `spare`, `faulty`, `write_mostly`, `blocked`, ...
        public var flags: [String]

        public init(device: String, slot: Int?, flags: [String]) {
            self.device = device
            self.slot = slot
            self.flags = flags
        }
    }

    /// A resync, recovery, check or reshape that runs, waits, or is due:
    /// `sync_action`, `sync_completed`, `sync_speed`, or `resync_start`.
    public struct Sync: Sendable, Codable, Equatable {
        public enum Phase: String, Sendable, Codable, Equatable {
            /// It moves.
            case running
            /// It waits for another array's sync on the same disks (`sync_completed` is `delayed`).
            case delayed
            /// It is due but does not run: frozen, or on an array that is
            /// read-only until its first write (`resync_start` is a sector, `sync_action` idle or frozen).
            case pending
        }

        /// `resync`, `recover`, `check`, `repair` or `reshape`.
        public var action: String
        public var phase: Phase
        /// Sectors done and in all (per member), when known.
        public var doneSectors: UInt64?
        public var totalSectors: UInt64?
        /// KiB per second, averaged by md over the last seconds.
        public var speedKiBPerSecond: UInt64?

        public init(action: String, phase: Phase = .running, doneSectors: UInt64? = nil, totalSectors: UInt64? = nil, speedKiBPerSecond: UInt64? = nil) {
            self.action = action
            self.phase = phase
            self.doneSectors = doneSectors
            self.totalSectors = totalSectors
            self.speedKiBPerSecond = speedKiBPerSecond
        }

        /// Done, in thousandths (md's own precision), when the position is known.
        public var permille: Int? {
            guard let done = doneSectors, let total = totalSectors, total > 0 else { return nil }
            return Int(min(done, total) * 1000 / total)
        }

        /// Seconds left at the current speed.
        public var secondsLeft: UInt64? {
            guard phase == .running, let done = doneSectors, let total = totalSectors, let speed = speedKiBPerSecond, speed > 0 else { return nil }
            return (total - min(done, total)) / 2 / speed
        }
    }
}
