public import Layout
import Platform

/// The one loop behind `status --watch` and `replace-disk --watch`: reads md's state, lets
/// `look` make a frame of it, shows the frame, and looks again every `interval` seconds until
/// a frame is done. On a terminal the bars are redrawn in place; otherwise a log line is
/// written when what it says changes. Never writes to a device.
public enum SyncWatch {
    public static func follow(md: MDSysfs = MDSysfs(), interval: Double, terminal: Bool, write: (String) -> Void,
                              look: ([MDState]) throws -> StatusWatch.Frame) rethrows {
        var log = StatusWatch.PlainLog()
        var drawn = 0
        while true {
            let frame = try look(md.states())
            if terminal {
                write(redraw(frame.bars, over: drawn))
                drawn = max(drawn, frame.bars.count)
            } else {
                write(log.lines(frame.log).map { $0 + "\n" }.joined())
            }
            if frame.done { return }
            pause(seconds: interval)
        }
    }

    /// The cursor up over the `drawn` lines of the last frame, each line cleared and written
    /// again, and the lines the last frame had beyond these cleared.
    static func redraw(_ lines: [String], over drawn: Int) -> String {
        let up = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        return up + lines.map { "\u{1B}[2K" + $0 + "\n" }.joined() + String(repeating: "\u{1B}[2K\n", count: max(0, drawn - lines.count))
    }

    /// Sleeps for `seconds` (`nanosleep(2)`, resumed after a signal).
    static func pause(seconds: Double) {
        var wanted = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var left = timespec()
        while nanosleep(&wanted, &left) != 0, errno == EINTR { wanted = left }
    }
}
