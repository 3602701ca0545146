public import Layout

/// md's rebuild progress of a running array, from sysfs.
public enum SyncStatus {
    /// Reads `/sys/block/mdN/md/{sync_action,sync_completed,sync_speed,degraded}`; nil when the array does not run.
    public static func read(_ device: String, name: String?) -> RebuildProgress? {
        let md = device.split(separator: "/").last.map(String.init) ?? device
        let dir = "/sys/block/\(md)/md"
        guard let action = Posix.sysfs("\(dir)/sync_action") else { return nil }
        return RebuildProgress(device: device, name: name, action: action, syncCompleted: Posix.sysfs("\(dir)/sync_completed") ?? "none",
                            speedKiBps: Posix.sysfs("\(dir)/sync_speed").flatMap { UInt64($0) },
                            degraded: Posix.sysfs("\(dir)/degraded").flatMap { Int($0) } ?? 0)
    }
}
