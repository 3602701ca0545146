import ArgumentParser
import Foundation
import Layout

/// Prints an error the way every subcommand does, and exits 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((Terminal.stderr.red("diskplan:") + " \(message)\n").utf8))
    return ExitCode(1)
}

func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
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
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The dry run, streamed to stdout.
func writeHuman(_ result: PlanResult, planFile: String?) {
    var out = ChunkedOutput()
    Render.human(result, planFile: planFile, style: Terminal.stdout) { out.write($0) }
    out.flush()
}
