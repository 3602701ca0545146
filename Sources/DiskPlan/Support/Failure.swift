import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Platform

/// Prints an error the way every subcommand does, and exits 1.
func fail(_ message: String) -> ExitCode {
    Posix.writeAll(STDERR_FILENO, Array((Terminal.stderr.red("diskplan:") + " \(message)\n").utf8))
    return ExitCode(1)
}

func writeOut(_ text: String) {
    Posix.writeAll(STDOUT_FILENO, Array(text.utf8))
}

/// Writes to stdout in 64 KiB chunks: a large dry run is never held whole.
struct ChunkedOutput {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        Posix.writeAll(STDOUT_FILENO, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The dry run, streamed to stdout.
func writeHuman(_ result: PlanResult, planFile: String?) {
    var out = ChunkedOutput()
    Render.human(result, planFile: planFile, style: Terminal.stdout) { out.write($0) }
    out.flush()
}

/// One line of an apply's or a replacement's progress (`ApplyEvent.text`).
func progressLine(_ p: Executor.Progress, style: TextStyle) -> String {
    ApplyEvent.text(index: p.index + 1, total: p.total, action: p.action, state: p.state, elapsed: p.elapsed, style: style)
}
