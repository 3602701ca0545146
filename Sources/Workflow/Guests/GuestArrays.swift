import Apply
public import Layout

/// A guest's array as `save-guest` and `restore-guest` find it: by its identity on the disks,
/// started if it does not run.
public struct GuestArray: Sendable {
    public var name: String
    public var array: TargetArray
    /// The node it runs as now.
    public var device: String
    /// Its size as the kernel reports it.
    public var sizeBytes: UInt64
    /// Its UUID, 32 hex digits.
    public var uuid: String
    /// What holds it now (mounts, processes that have it open, stacked devices).
    public var uses: [DeviceUse]
    /// diskplan started it (`mdadm --assemble`), so it stops it again when done.
    public var assembled: Bool

    /// Probes the plan's disks (or `disks`; a missing one is left out), finds the guest `name`
    /// and assembles its array when its members carry it but it does not run.
    public static func locate(_ file: PlanFile, name: String, disks: [String]) throws -> GuestArray {
        let plan = file.plan
        var options = PlannerOptions(disks: disks.isEmpty ? nil : disks)
        options.degraded = true
        let paths: [String]
        do { paths = try plan.disks(given: options.disks) } catch { throw file.failure(error) }
        var (target, inventory) = try planned(file, paths: paths, options: options)
        var a = try found(file, name, in: target)
        var assembled = false
        if a.running == nil || a.sizeBytes == 0 {
            let start = Planner.diff(target, inventory: inventory).actions.filter { if case .assembleArray(let n) = $0.operation { n == name } else { false } }
            guard !start.isEmpty else { throw WorkflowError("guest \(name) (\(a.name)) does not run and diskplan finds no members to start it from") }
            do { _ = try Executor { _ in }.run(start) } catch { throw WorkflowError("starting guest \(name): \(error)") }
            assembled = true
            (target, inventory) = try planned(file, paths: paths, options: options)
            a = try found(file, name, in: target)
        }
        guard let running = a.running, running.sizeBytes > 0, let uuid = running.uuid.flatMap(ArrayUUID.normalized) else {
            throw WorkflowError("guest \(name) (\(a.name)) does not run on \(a.device) after it was assembled; see mdadm --detail \(a.device)")
        }
        return GuestArray(name: name, array: a, device: running.device, sizeBytes: running.sizeBytes, uuid: uuid,
                          uses: inventory.uses(of: running.device), assembled: assembled)
    }

    static func planned(_ file: PlanFile, paths: [String], options: PlannerOptions) throws -> (TargetLayout, Inventory) {
        do {
            let inventory = try Probe.inventory(paths: paths, allowingMissing: true)
            return (try Planner.target(file.plan, inventory: inventory, options: options), inventory)
        } catch let e as PlanError {
            throw file.failure(e)
        } catch {
            throw WorkflowError("\(error)")
        }
    }

    static func found(_ file: PlanFile, _ name: String, in target: TargetLayout) throws -> TargetArray {
        do { return try GuestCopy.array(named: name, in: target, plan: file.plan) } catch { throw file.failure(error) }
    }

    /// Stops the array again when diskplan started it; what it says about that.
    public func stopIfStarted() -> String? {
        guard assembled else { return nil }
        do {
            _ = try ProcessRunner().run(["mdadm", "--stop", device])
            return "Stopped \(device) again (diskplan had started it)."
        } catch {
            return "Could not stop \(device), which diskplan had started: \(error)"
        }
    }
}
