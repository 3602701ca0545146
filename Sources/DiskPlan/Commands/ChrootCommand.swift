import Apply
import ArgumentParser
import Layout
import Workflow

extension DiskPlanCommand {
    struct Chroot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "From the rescue system, run a shell or COMMAND in the installed host.",
            discussion: """
                Starts the plan's host arrays if they are stopped, mounts the host's file systems in mount order \
                under /run/diskplan/host with /dev, /dev/pts, /proc and /sys (and efivars) bound, runs COMMAND \
                there (the host's shell without one), and unmounts all of it afterwards, also when COMMAND fails. \
                Exit status: 0 when COMMAND succeeded, 1 otherwise.
                Example: diskplan chroot PLAN -- passwd root
                """)

        @Argument(help: "The plan file (YAML).", completion: Completion.plan)
        var plan: String

        @Option(name: .customLong("disk"), help: "Use this disk instead of the plan's, in order; repeat once per disk.", completion: Completion.disk)
        var disks: [String] = []

        @Argument(parsing: .postTerminator, help: "The command to run in the host, after --.")
        var command: [String] = []

        func run() throws {
            let lock: RunLock
            do { lock = try RunLock.acquire() } catch { throw fail("\(error)") }
            defer { lock.release() }
            let file = try PlanFile.read(self.plan)
            let plan = file.plan
            let options = PlannerOptions(disks: disks.isEmpty ? nil : disks)
            let prepared: HostChroot.Prepared
            do {
                let inventory = try DiskProbe.inventory(paths: disks.isEmpty ? plan.disks : disks, allowingMissing: true)
                prepared = try HostChroot.prepare(plan, inventory: inventory, options: options)
                if !prepared.assemble.isEmpty { _ = try Executor { _ in }.run(prepared.assemble) }
            } catch let e as PlanError {
                throw file.failure(e)
            } catch {
                throw fail("\(error)")
            }
            let mounter = HostMounter()
            let status: Int32
            do {
                _ = try mounter.mount(prepared.step)
                let argv = command.isEmpty ? [HostChroot.shell(prepared.step)] : command
                status = try ProcessRunner.runAttached(["chroot", prepared.step.root] + argv)
            } catch {
                _ = try? mounter.unmount(prepared.step)
                throw fail("\(error)")
            }
            do { try mounter.unmount(prepared.step) } catch { throw fail("unmounting \(prepared.step.root): \(error)") }
            if status != 0 { throw fail("\((command.isEmpty ? ["shell"] : command).joined(separator: " ")) exited with status \(status); the host is unmounted") }
        }
    }
}
