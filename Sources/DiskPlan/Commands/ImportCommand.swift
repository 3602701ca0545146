import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a plan file that describes what the disks hold (arrays, their members, format, mounts).",
            discussion: """
                `plan` of the written file shows "No changes". Exit status: 0 everything described, \
                2 something could not be (listed as comments at the end of the file), 1 error. Writes no disk.
                """)

        @Argument(help: "The disks (default: every disk of the machine that holds md members).", completion: Completion.disk)
        var disks: [String] = []

        @Option(help: "The plan's host (default: the host part of the arrays' names, else this machine's name).")
        var host: String?

        @Option(help: "Write the plan to this file instead of standard output.")
        var out: String?

        func run() throws {
            let result: PlanImport.Result
            do {
                let paths = disks.isEmpty ? try DiskProbe.allDisks() : disks
                var inventory = try DiskProbe.inventory(paths: paths)
                let chosen = disks.isEmpty ? inventory.disks.filter(holdsMembers).map(\.path) : paths
                guard chosen.count >= 2 else { throw fail("found md members on \(chosen.count) disk(s); a plan needs two or more: name them") }
                inventory.disks = inventory.disks.filter { chosen.contains($0.path) }
                let fstab = (try? String(contentsOfFile: "/etc/fstab", encoding: .utf8)) ?? ""
                result = PlanImport.plan(inventory, disks: chosen, host: host, fallbackHost: Self.shortHostName(), fstab: fstab)
            } catch let e as ExitCode {
                throw e
            } catch {
                throw fail("\(error)")
            }
            if let out {
                do { try result.text.write(toFile: out, atomically: true, encoding: .utf8) } catch { throw fail("cannot write \(out): \(ioText(error))") }
                writeOut("Wrote \(out)" + (result.problems.isEmpty ? ".\n" : "; not described:\n" + result.problems.map { "  - \($0)\n" }.joined()))
            } else {
                writeOut(result.text)
            }
            if !result.problems.isEmpty { throw ExitCode(2) }
        }

        func holdsMembers(_ d: DiskInfo) -> Bool {
            d.table?.partitions.contains { $0.signatures.contains(where: \.isRaidMember) } == true
        }

        static func shortHostName() -> String {
            let name = HostFiles.shortHostName() ?? "host"
            return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) && !name.isEmpty ? name : "host"
        }
    }
}
