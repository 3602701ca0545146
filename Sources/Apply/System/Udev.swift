import Platform

/// The device manager of a rescue system. After diskplan writes a table or
/// the ends of a partition, udev sees the descriptor close, probes the device
/// again, re-reads a whole disk's table and re-creates the `/dev/disk/by-*`
/// links; mdadm's rules may assemble what it finds. Until those events are
/// processed a by-id link can be missing for a moment, so every step that
/// changed a device waits for udev's queue to drain, as installers do.
enum Udev {
    /// Whether systemd-udevd runs here (its control socket exists).
    static var isRunning: Bool { access("/run/udev/control", F_OK) == 0 }

    /// `udevadm settle`: waits until udev has processed every queued event.
    /// Does nothing where no udev runs (image files on a build machine, a bare initrd).
    static func settle(_ runner: any CommandRunner) throws {
        guard isRunning, ProcessRunner.resolve("udevadm") != nil else { return }
        _ = try runner.run(["udevadm", "settle", "--timeout=60"])
    }
}
