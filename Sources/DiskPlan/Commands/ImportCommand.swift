import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
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
            let result = try ImportRun.plan(disks: disks, host: host)
            if let out {
                try ImportRun.write(result, to: out)
                writeOut("Wrote \(out)" + (result.problems.isEmpty ? ".\n" : "; not described:\n" + result.problems.map { "  - \($0)\n" }.joined()))
            } else {
                writeOut(result.text)
            }
            if !result.problems.isEmpty { throw ExitCode(2) }
        }
    }
}
