import FoundationEssentials
import Platform
import Layout

/// Whether text goes to a person: colour only on a terminal, and never when
/// `NO_COLOR` is set to anything (https://no-color.org) or `TERM` is `dumb`.
enum Terminal {
    static let stdout = style(fd: STDOUT_FILENO)
    static let stderr = style(fd: STDERR_FILENO)
    /// Whether stdout is a terminal (a watch redraws its bars in place there).
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    static func style(fd: Int32) -> TextStyle {
        guard isatty(fd) == 1 else { return .plain }
        let env = ProcessInfo.processInfo.environment
        if let noColor = env["NO_COLOR"], !noColor.isEmpty { return .plain }
        if env["TERM"] == "dumb" { return .plain }
        return .ansi
    }
}
