@testable import Apply
import Foundation
import Layout
import Testing

/// The checks apply and replace-disk make before their first write.
@Suite struct PreflightTests {
    /// Records each command; modprobe and the tools' version questions answer as told.
    final class Recorder: CommandRunner, @unchecked Sendable {
        var ran: [[String]] = []
        let answers: [String: Result<String, CommandError>]
        init(_ answers: [String: Result<String, CommandError>]) { self.answers = answers }
        func run(_ argv: [String]) throws -> CommandResult {
            ran.append(argv)
            switch answers[argv[0]] {
            case .failure(let e): throw e
            case .success(let out): return CommandResult(argv: argv, status: 0, stdout: out, stderr: "")
            case nil: return CommandResult(argv: argv, status: 0, stdout: "\(argv[0]) - v9.9\n", stderr: "")
            }
        }
    }

    static func failed(_ argv: [String], _ stderr: String) -> CommandError {
        CommandError(result: CommandResult(argv: argv, status: 1, stdout: "", stderr: stderr))
    }

    let create = Action(.createArray(array: "root"), device: "/dev/md0", summary: "Create",
                        argv: ["mdadm", "--create", "/dev/md0", "--level=1", "--raid-devices=2", "/dev/a1", "/dev/b1"])

    @Test func withoutMdItTriesToLoadTheDriverAndSaysWhatToInstall() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let runner = Recorder(["modprobe": .failure(Self.failed(["modprobe", "md_mod"], "modprobe: FATAL: Module md_mod not found"))])
        let check = Preflight(runner: runner, mdstat: scratch.path("mdstat"), meminfo: "/nonexistent", isRoot: true)
        let problems = check.problems([create], disks: [])
        #expect(runner.ran.first == ["modprobe", "md_mod"])
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("the kernel has no md driver (\(scratch.path("mdstat")) is missing) and `modprobe md_mod` failed: modprobe: FATAL: Module md_mod not found; load it") == true)
    }

    @Test func aMissingPersonalityIsLoadedOrNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mdstat = scratch.path("mdstat")
        try "Personalities : [raid0]\nunused devices: <none>\n".write(toFile: mdstat, atomically: true, encoding: .utf8)
        let runner = Recorder(["modprobe": .failure(Self.failed(["modprobe", "raid1"], "not found"))])
        let problems = Preflight(runner: runner, mdstat: mdstat, meminfo: "/nonexistent", isRoot: true).problems([create], disks: [])
        #expect(runner.ran.contains(["modprobe", "raid1"]))
        #expect(problems == ["the md driver has no raid1 personality and `modprobe raid1` failed: not found; load it (`modprobe raid1`)"])
        try "Personalities : [raid1] [raid0]\n".write(toFile: mdstat, atomically: true, encoding: .utf8)
        let loaded = Recorder([:])
        #expect(Preflight(runner: loaded, mdstat: mdstat, meminfo: "/nonexistent", isRoot: true).problems([create], disks: []).isEmpty)
        #expect(!loaded.ran.contains { $0[0] == "modprobe" }, "nothing to load")
    }

    @Test func toolsMustBeThereAndNewEnough() {
        let old = Recorder(["mdadm": .success("mdadm - v3.2.5 - 18th May 2012\n")])
        let mkfs = Action(.makeFilesystem(array: "root"), device: "/dev/md0", summary: "Create", argv: ["mkfs.nosuch", "/dev/md0"])
        let problems = Preflight(runner: old, mdstat: "/nonexistent", meminfo: "/nonexistent", isRoot: true).tools([create, mkfs])
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.first == "mdadm is version 3.2.5; the plan needs 3.3 or later: install a newer mdadm")
        #expect(problems.last?.hasPrefix("mkfs.nosuch is not installed (looked in /usr/local/sbin:") == true)
        #expect(Preflight.firstVersion("mke2fs 1.47.0 (5-Feb-2023)") == [1, 47, 0])
        #expect(Preflight.firstVersion("mkfs.xfs version 6.1.0") == [6, 1, 0])
        #expect(Preflight.firstVersion("mkswap from util-linux 2.38.1") == [2, 38, 1])
        let real = Preflight(mdstat: "/nonexistent", meminfo: "/nonexistent", isRoot: true)
        #expect(real.tools([create]).isEmpty, "this machine's mdadm is installed and new enough")
    }

    @Test func rootReadOnlyDisksAndMemory() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("a.img", bytes: 1 << 20)
        let device = try run(["/usr/sbin/losetup", "--find", "--show", "--read-only", image]).trimmingCharacters(in: .whitespacesAndNewlines)
        defer { _ = try? run(["/usr/sbin/losetup", "--detach", device]) }
        let disks = [DiskInfo(path: image, sizeBytes: 1 << 20), DiskInfo(path: device, isBlockDevice: true, sizeBytes: 1 << 20)]
        let notRoot = Preflight(runner: Recorder([:]), mdstat: "/nonexistent", meminfo: "/nonexistent", isRoot: false).problems([], disks: disks)
        #expect(notRoot.count == 2, "\(notRoot)")
        #expect(notRoot.first?.hasPrefix("not running as root") == true)
        #expect(notRoot.last?.hasPrefix("\(device) is read-only (BLKROGET;") == true)
        #expect(Preflight.memoryProblem(meminfo: "MemTotal:  8000 kB\nMemFree:  9000 kB\nMemAvailable:  20480 kB\n")
            == "only 20 MiB of memory is available (/proc/meminfo); the run needs 32 MiB: stop other processes or add swap")
        #expect(Preflight.memoryProblem(meminfo: "MemTotal: 8000000 kB\nMemAvailable: 4000000 kB\n") == nil)
    }
}
