import Apply
import Foundation
import Testing

// The apply lock by itself: flock(2) locks belong to an open file, so a
// second acquire in this same process is refused like another process's.
@Suite struct RunLockTests {
    @Test func theDefaultIsUnderRunAndTheEnvironmentOverridesIt() {
        #expect(RunLock.path(environment: [:]) == "/run/diskplan.lock")
        #expect(RunLock.path(environment: ["DISKPLAN_LOCK": ""]) == "/run/diskplan.lock")
        #expect(RunLock.path(environment: ["DISKPLAN_LOCK": "/tmp/x.lock"]) == "/tmp/x.lock")
    }

    @Test func aHeldLockRefusesAtOnceNamingItsHolderAndIsFreeAfterRelease() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("apply.lock")
        let held = try RunLock.acquire(path: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")

        let error = try #require(throws: DeviceError.self) { try RunLock.acquire(path: path) }
        let cmdline = try #require(FileManager.default.contents(atPath: "/proc/self/cmdline"))
        let me = String(decoding: Array(cmdline.split(separator: 0).joined(separator: [0x20])), as: UTF8.self)
        #expect(error.description == "\(path): lock: another diskplan apply is running (pid \(getpid()): \(me)); wait for it to end, one apply at a time")

        held.release()
        // Other tests of this process spawn programs: a fork taken while the lock was held keeps
        // a copy of its descriptor (and so the lock) until that child's exec closes it (O_CLOEXEC),
        // a matter of milliseconds. So the lock must be free within a second, not at once.
        var again: RunLock?
        for _ in 0..<100 where again == nil {
            again = try? RunLock.acquire(path: path)
            if again == nil { usleep(10_000) }
        }
        #expect(again != nil, "the lock is free after release")
        again?.release()
    }

    @Test func aLockFileThatCannotBeOpenedIsAnErrorNotAnUnlockedRun() throws {
        let error = try #require(throws: DeviceError.self) { try RunLock.acquire(path: "/nonexistent-dir/diskplan.lock") }
        #expect(error.description == "/nonexistent-dir/diskplan.lock: open the lock file: No such file or directory")
    }
}
