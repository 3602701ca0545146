import ArgumentParser
import Foundation

/// Prints an error the way every subcommand does, and exits 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("diskplan: \(message)\n".utf8))
    return ExitCode(1)
}

func writeOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
