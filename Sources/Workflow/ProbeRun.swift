import Apply
public import Layout

/// The step of `probe`: what the disks hold, read without writing.
public enum ProbeRun {
    /// The inventory of `devices` (empty: every disk of the machine).
    public static func inventory(_ devices: [String]) throws -> Inventory {
        do {
            return try Probe.inventory(paths: devices.isEmpty ? try Probe.allDisks() : devices)
        } catch {
            throw WorkflowError("\(error)")
        }
    }
}
