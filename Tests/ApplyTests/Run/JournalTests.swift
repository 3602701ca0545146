import Foundation
import Layout
import Testing
@testable import Apply

/// `apply --journal FILE`: one line per action state, appended with write(2) and fsync.
@Suite struct JournalTests {
    @Test func appendsOneStampedLinePerStateAndKeepsWhatWasThere() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "earlier run\n".write(toFile: path, atomically: true, encoding: .utf8)
        let action = Action(.createArray(array: "data"), device: "/dev/md2", summary: "Create MD RAID1 /dev/md2")
        do {
            let journal = try Journal(path: path)
            journal.record(index: 0, action: action, state: "running")
            journal.record(index: 0, action: action, state: "done")
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 3 && lines[0] == "earlier run")
        for (line, state) in zip(lines.dropFirst(), ["running", "done"]) {
            // 2026-11-23T09:46:00Z 1 create_array /dev/md2 running: ISO 8601 in UTC, as ISO8601DateFormatter wrote it.
            let fields = line.split(separator: " ")
            #expect(fields.count == 5 && fields[1...].joined(separator: " ") == "1 create_array /dev/md2 \(state)", "\(line)")
            #expect(fields[0].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(line)")
        }
    }

    @Test func aJournalThatCannotBeWrittenIsAnError() {
        #expect(throws: DeviceError.self) { try Journal(path: "/nonexistent-diskplan-dir/journal") }
    }
}
