import Apply
import FoundationEssentials
import Layout
import Platform

/// The progress of `save-guest` and `restore-guest` on stderr (stdout may carry the image):
/// redrawn in place at most twice a second on a terminal, else a line every 10 seconds.
final class CopyProgress {
    let guest: String
    let started = ContinuousClock.now
    var shown = ContinuousClock.now
    let terminal = isatty(STDERR_FILENO) == 1
    var drawn = false

    init(guest: String) { self.guest = guest }

    /// After each piece: `action` `save`, `restore` or `check`.
    func update(_ action: String, done: UInt64, total: UInt64) {
        let now = ContinuousClock.now
        guard now - shown >= (terminal ? .milliseconds(500) : .seconds(10)) || done == total else { return }
        shown = now
        let p = SyncProgress(copy: action, done: done, total: total, seconds: seconds(now))
        let line = "\(p.verb) \(guest): \(Size.human(done)) of \(Size.human(total)), \(p.text)"
        write(terminal ? "\r\u{1B}[K" + line : line + "\n")
        drawn = terminal
    }

    /// Ends a line drawn in place.
    func end() {
        if drawn { write("\n") }
        drawn = false
    }

    func seconds(_ now: ContinuousClock.Instant = .now) -> Double {
        (now - started) / .seconds(1)
    }

    /// `64.0 MiB in 1.2 s (53.3 MiB/s)`.
    func summary(_ bytes: UInt64) -> String {
        let s = seconds()
        let rate = s > 0 ? " (\(Size.human(UInt64(Double(bytes) / s)))/s)" : ""
        return "\(Size.human(bytes)) in \(Int(s)).\(Int(s * 10) % 10) s\(rate)"
    }

    func write(_ text: String) { Posix.writeAll(STDERR_FILENO, Array(text.utf8)) }
}
