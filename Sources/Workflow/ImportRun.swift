import Apply
import FoundationEssentials
public import Layout

/// The steps of `import`: probe the disks that hold md members and describe them as a plan.
public enum ImportRun {
    /// The plan that describes `disks` (empty: every disk of the machine holding md members,
    /// two or more). `host`: the plan's host, else the arrays' or this machine's name.
    public static func plan(disks: [String], host: String?) throws -> PlanImport.Result {
        do {
            let paths = disks.isEmpty ? try Probe.allDisks() : disks
            var inventory = try Probe.inventory(paths: paths)
            let chosen = disks.isEmpty ? inventory.disks.filter(holdsMembers).map(\.path) : paths
            guard chosen.count >= 2 else { throw WorkflowError("found md members on \(chosen.count) disk(s); a plan needs two or more: name them") }
            inventory.disks = inventory.disks.filter { chosen.contains($0.path) }
            let fstab = (try? String(contentsOfFile: "/etc/fstab", encoding: .utf8)) ?? ""
            return PlanImport.plan(inventory, disks: chosen, host: host, fallbackHost: shortHostName(), fstab: fstab)
        } catch let e as WorkflowError {
            throw e
        } catch {
            throw WorkflowError("\(error)")
        }
    }

    /// Writes the plan's text to `path`.
    public static func write(_ result: PlanImport.Result, to path: String) throws {
        do { try result.text.write(toFile: path, atomically: true, encoding: .utf8) } catch { throw WorkflowError("cannot write \(path): \(ioText(error))") }
    }

    static func holdsMembers(_ d: DiskInfo) -> Bool {
        d.table?.partitions.contains { $0.signatures.contains(where: \.isRaidMember) } == true
    }

    /// This machine's short name where it is a usable host name, else "host".
    static func shortHostName() -> String {
        let name = HostFiles.shortHostName() ?? "host"
        return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) && !name.isEmpty ? name : "host"
    }
}
