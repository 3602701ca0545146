import Apply
import Platform
import Layout

/// Follows md's rebuild of `arrays` until every one is in sync: a bar per array, redrawn each second, on a
/// terminal; otherwise a plain line whenever an array starts, finishes or passes another tenth.
/// Returns the arrays that ended degraded with nothing rebuilding them.
func watchSync(_ arrays: [(device: String, name: String)]) -> [ArrayHealth] {
    let tty = isatty(STDOUT_FILENO) == 1
    let labelWidth = arrays.map { $0.device.count + 1 + $0.name.count }.max() ?? 0
    var drawn = 0
    var shown: [String: String] = [:]
    var stalled = 0
    while true {
        let md = MDSysfs().states()
        let now = arrays.compactMap { a in md.first { $0.device == a.device }.map { ArrayHealth($0, name: a.name) } }
        if tty {
            var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
            for a in now { text += "\u{1B}[2K" + RebuildWatch.bar(a, width: 30, labelWidth: labelWidth) + "\n" }
            writeOut(text)
            drawn = now.count
        } else {
            for a in now {
                let key = RebuildWatch.logKey(a)
                if shown[a.md] != key { writeOut(RebuildWatch.line(a) + "\n") }
                shown[a.md] = key
            }
        }
        let idle = now.allSatisfy { RebuildWatch.rebuilding($0) == nil }
        let missing = now.filter { ($0.degradedSlots ?? 0) > 0 }
        // Right after `mdadm --add`, md may take a moment to start: a degraded idle array ends the watch only when it stays so.
        stalled = idle && !missing.isEmpty ? stalled + 1 : 0
        if idle && (missing.isEmpty || stalled >= 5) { return missing }
        sleep(1)
    }
}
