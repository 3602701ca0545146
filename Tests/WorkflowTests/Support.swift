// Helpers of the workflow tests: sparse image files in a scratch directory and a
// plan file naming them. The workflow runs on them as the command line runs it.

import Apply
import Foundation
import Workflow

/// Two sparse images and a plan file for them, removed by `remove()`.
struct Images {
    static let plan = "host: h\ndisks: [A, B]\narrays:\n  - {name: root, size: 100M, format: ext4, mount: /}\n  - {name: swap, size: 64M, format: swap}\n"

    let dir: URL
    let disks: [String]
    let planFile: String

    init(bytes: UInt64 = 256 << 20) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-workflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        self.dir = dir
        disks = try ["a.img", "b.img"].map { name in
            let path = dir.appendingPathComponent(name).path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try h.truncate(atOffset: bytes)
            try h.close()
            return path
        }
        planFile = dir.appendingPathComponent("plan.yaml").path
        try Self.plan.replacingOccurrences(of: "[A, B]", with: "[\(disks[0]), \(disks[1])]")
            .write(toFile: planFile, atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// The first and last MiB of each image: where a table or a signature would go.
    func ends() throws -> [Data] {
        try disks.map { path in
            let h = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? h.close() }
            let size = try h.seekToEnd()
            try h.seek(toOffset: 0)
            let head = try h.read(upToCount: 1 << 20) ?? Data()
            try h.seek(toOffset: size - (1 << 20))
            return head + (try h.read(upToCount: 1 << 20) ?? Data())
        }
    }

    /// Writes an empty GPT to `disk`, as an admin would between plan and apply.
    func newTable(_ disk: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/sgdisk")
        p.arguments = ["-o", disk]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
    }
}

/// An observer that records what the workflow told it and answers consent as told.
final class Recorder: ApplyObserver {
    let answer: Bool
    var asked = 0
    var started = 0
    var events: [String] = []

    init(consents answer: Bool) { self.answer = answer }

    func consent(to planned: Planned) -> Bool {
        asked += 1
        return answer
    }

    func starting(_ planned: Planned) { started += 1 }

    func progress(_ progress: Executor.Progress) { events.append("\(progress.index) \(progress.state)") }
}

/// The message of the `WorkflowError` that `body` throws, or nil.
func failure(_ body: () throws -> Void) -> String? {
    do { try body() } catch let e as WorkflowError { return e.message } catch { return "not a WorkflowError: \(error)" }
    return nil
}
