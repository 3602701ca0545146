public import Apply
import Layout

/// The steps of `chroot`: the installed host's arrays assembled, its file systems mounted,
/// a command run in it, and everything unmounted again.
public enum ChrootRun {
    /// Probes the disks (`disks`, or the plan's), finds the installed host and assembles its arrays.
    public static func prepare(_ file: PlanFile, disks: [String]) throws -> HostChroot.Prepared {
        let plan = file.plan
        let options = PlannerOptions(disks: disks.isEmpty ? nil : disks)
        do {
            let inventory = try Probe.inventory(paths: disks.isEmpty ? plan.disks : disks, allowingMissing: true)
            let prepared = try HostChroot.prepare(plan, inventory: inventory, options: options)
            if !prepared.assemble.isEmpty { _ = try Executor { _ in }.run(prepared.assemble) }
            return prepared
        } catch let e as PlanError {
            throw file.failure(e)
        } catch {
            throw WorkflowError("\(error)")
        }
    }

    /// Mounts the host, runs `command` (empty: its shell) in it attached to the terminal, and
    /// unmounts; fails when the command exits with a status other than 0.
    public static func run(_ prepared: HostChroot.Prepared, command: [String]) throws {
        let mounter = HostMounter()
        let status: Int32
        do {
            _ = try mounter.mount(prepared.step)
            let argv = command.isEmpty ? [HostChroot.shell(prepared.step)] : command
            status = try ProcessRunner.runAttached(["chroot", prepared.step.root] + argv)
        } catch {
            _ = try? mounter.unmount(prepared.step)
            throw WorkflowError("\(error)")
        }
        do { try mounter.unmount(prepared.step) } catch { throw WorkflowError("unmounting \(prepared.step.root): \(error)") }
        if status != 0 {
            throw WorkflowError("\((command.isEmpty ? ["shell"] : command).joined(separator: " ")) exited with status \(status); the host is unmounted")
        }
    }
}
