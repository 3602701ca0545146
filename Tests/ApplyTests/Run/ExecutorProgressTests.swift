@testable import Apply
import Foundation
import Layout
import Synchronization
import Testing

/// The executor reports each step as it starts, as it ends (with its time), and a failed one.
@Suite struct ExecutorProgressTests {
    /// Runs nothing; `mdadm` fails as it would without the md driver.
    struct Runner: CommandRunner {
        func run(_ argv: [String]) throws -> CommandResult {
            if argv.first == "mdadm" {
                throw CommandError(result: CommandResult(argv: argv, status: 1, stdout: "", stderr: "mdadm: cannot open /dev/md0"))
            }
            return CommandResult(argv: argv, status: 0, stdout: "", stderr: "")
        }
    }

    @Test func startFinishAndFailureEachReachTheProgressAndTheJournal() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let actions = [
            Action(.remakeFilesystem(array: "data"), device: "/dev/md9", summary: "Make again", argv: ["mkfs.ext4", "-F", "/dev/md9"]),
            Action(.stopArray, device: "/dev/md98", summary: "Stop", argv: ["mdadm", "--stop", "/dev/md98"]),
            Action(.createArray(array: "root"), device: "/dev/md0", summary: "Create", argv: ["mdadm", "--create", "/dev/md0"]),
            Action(.makeSwap(array: "swap"), device: "/dev/md0", summary: "Never", argv: ["mkswap", "/dev/md0"]),
        ]
        let seen = Mutex<[Executor.Progress]>([])
        let journal = try Journal(path: scratch.path("journal"))
        let executor = Executor(runner: Runner(), journal: journal) { p in seen.withLock { $0.append(p) } }
        #expect(throws: CommandError.self) { try executor.run(actions) }
        let events = seen.withLock { $0 }
        #expect(events.map { "\($0.index) \($0.state)" } == ["0 running", "0 done", "1 running", "1 skipped: /dev/md98 is not running", "2 running", "2 failed"])
        let starts = events.filter { $0.state == "running" }
        let ends = events.filter { $0.state != "running" }
        #expect(starts.allSatisfy { $0.elapsed == nil && $0.error == nil })
        #expect(ends.allSatisfy { $0.elapsed != nil }, "each end carries its time")
        #expect(events.last?.error == "command failed (exit 1): mdadm --create /dev/md0\nmdadm: cannot open /dev/md0")
        let lines = try String(contentsOfFile: scratch.path("journal"), encoding: .utf8).split(separator: "\n")
        #expect(lines.last?.hasSuffix(" 3 create_array /dev/md0 failed") == true, "\(lines)")
    }
}
