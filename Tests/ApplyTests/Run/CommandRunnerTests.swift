import Apply
import Foundation
import Testing

/// The runner that apply uses for mdadm, mkswap and mkfs: real processes, argv only.
@Suite struct CommandRunnerTests {
    let runner = ProcessRunner()

    @Test func capturesStdoutAndResolvesTheTool() throws {
        let r = try runner.run(["echo", "a b", "c"])
        #expect(r.stdout == "a b c\n")
        #expect(r.status == 0)
        #expect(r.argv[0].hasPrefix("/") && r.argv[0].hasSuffix("/echo"))
    }

    @Test func aFailureCarriesStatusAndStderr() throws {
        do {
            _ = try runner.run(["ls", "/nonexistent-diskplan-path"])
            Issue.record("expected a failure")
        } catch let e as CommandError {
            #expect(e.result.status == 2)
            #expect(e.result.stderr.contains("No such file or directory"))
            #expect(e.description.hasPrefix("command failed (exit 2): /"))
        }
    }

    @Test func largeOutputOnBothStreamsDoesNotBlock() throws {
        // 1 MB on stdout while stderr also gets data: both pipes are drained together.
        let r = try runner.run(["dd", "if=/dev/zero", "bs=1000", "count=1000", "status=progress"])
        #expect(r.stdout.utf8.count == 1_000_000)
        #expect(r.stderr.contains("1000000 bytes"))
    }

    @Test func anUnknownToolIs127() throws {
        do {
            _ = try runner.run(["no-such-tool-diskplan"])
            Issue.record("expected a failure")
        } catch let e as CommandError {
            #expect(e.result.status == 127)
        }
    }

    @Test func argumentsAreNeverInterpretedByAShell() throws {
        let r = try runner.run(["echo", "$(id)", ";", "`id`", "*"])
        #expect(r.stdout == "$(id) ; `id` *\n")
    }
}
