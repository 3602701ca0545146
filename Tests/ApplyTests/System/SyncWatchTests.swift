import Foundation
import Layout
import Testing
@testable import Apply

/// The watch loop on a copied sysfs tree: what it writes to a terminal and to a log, and when it stops.
@Suite struct SyncWatchTests {
    static let md = MDSysfs(root: MDSysfsTests.data.appendingPathComponent("states").path, mdstat: nil)

    /// Frames with the given bars and log lines, one a look; the last one done.
    static func run(terminal: Bool, _ frames: [([String], [StatusWatch.LogEntry])]) -> (output: [String], looks: [[MDState]]) {
        var output: [String] = []
        var looks: [[MDState]] = []
        SyncWatch.follow(md: md, interval: 0, terminal: terminal, write: { output.append($0) }) { states in
            looks.append(states)
            let (bars, log) = frames[looks.count - 1]
            return StatusWatch.Frame(bars: bars, log: log, done: looks.count == frames.count)
        }
        return (output, looks)
    }

    @Test func aTerminalGetsTheBarsRedrawnInPlace() {
        let (output, looks) = Self.run(terminal: true, [(["a", "b"], []), (["c"], [])])
        #expect(looks.count == 2 && looks[0] == MDSysfsTests.read("states", mdstat: false))
        #expect(output == ["\u{1B}[2Ka\n\u{1B}[2Kb\n", "\u{1B}[2A\u{1B}[2Kc\n\u{1B}[2K\n"])
    }

    @Test func aLogGetsALineWhenItsKeyChanges() {
        func entry(_ key: String?, _ line: String) -> StatusWatch.LogEntry { StatusWatch.LogEntry(id: "md0", key: key, line: line) }
        let (output, _) = Self.run(terminal: false, [
            ([], [entry(nil, "idle")]), ([], [entry("1", "one")]), ([], [entry("1", "one again")]), ([], [entry(nil, "ended")]),
        ])
        #expect(output == ["", "one\n", "", "ended\n"])
    }
}
