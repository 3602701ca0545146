import FoundationEssentials
import Layout
import Platform

/// What an external command did.
public struct CommandResult: Sendable, Equatable {
    public var argv: [String]
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// A command failed: names it, its exit status and what it printed on stderr.
public struct CommandError: Error, CustomStringConvertible, Sendable {
    public var result: CommandResult

    public var description: String {
        let err = result.stderr.trimmed()
        return "command failed (exit \(result.status)): \(result.argv.joined(separator: " "))" + (err.isEmpty ? "" : "\n\(err)")
    }
}

/// Runs argv arrays: never a shell. Tests may record instead.
public protocol CommandRunner: Sendable {
    func run(_ argv: [String]) throws -> CommandResult
}

/// Runs commands with posix_spawn, reads their output with poll and reaps
/// them with waitpid: no run loop, no signal handlers, nothing that a minimal
/// rescue system could starve. A bare tool name is looked up in a fixed list
/// of system directories, not in the caller's PATH.
public struct ProcessRunner: CommandRunner {
    public static let searchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    public init() {}

    public static func resolve(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return access(tool, X_OK) == 0 ? tool : nil }
        return searchPath.map { "\($0)/\(tool)" }.first { access($0, X_OK) == 0 }
    }

    public func run(_ argv: [String]) throws -> CommandResult {
        guard let tool = argv.first, let exe = Self.resolve(tool) else {
            throw CommandError(result: CommandResult(argv: argv, status: 127, stdout: "", stderr: "\(argv.first ?? "?"): not found in \(Self.searchPath.joined(separator: ":"))"))
        }
        let full = [exe] + argv.dropFirst()
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw CommandError(result: CommandResult(argv: full, status: 126, stdout: "", stderr: "pipe: \(errnoText())"))
        }
        // Our ends must not leak into other children.
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C"
        let cArgs = full.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &actions, nil, cArgs, cEnv)
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw CommandError(result: CommandResult(argv: full, status: 126, stdout: "", stderr: "posix_spawn: \(errnoText(rc))"))
        }
        let (out, err) = Self.drain(outPipe[0], errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, WTERMSIG as 128+N like a shell reports it.
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let r = CommandResult(argv: full, status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        guard r.status == 0 else { throw CommandError(result: r) }
        return r
    }

    /// Runs argv on this process's own terminal (stdin, stdout and stderr inherited): an
    /// interactive shell. Returns its exit status (128+N for signal N).
    public static func runAttached(_ argv: [String]) throws -> Int32 {
        guard let tool = argv.first, let exe = resolve(tool) else {
            throw CommandError(result: CommandResult(argv: argv, status: 127, stdout: "", stderr: "\(argv.first ?? "?"): not found"))
        }
        let cArgs = ([exe] + argv.dropFirst()).map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, nil, nil, cArgs, environ)
        guard rc == 0 else { throw CommandError(result: CommandResult(argv: argv, status: 126, stdout: "", stderr: "posix_spawn: \(errnoText(rc))")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Reads both pipes to their end, whichever has data, so neither can fill up and block the child.
    static func drain(_ a: Int32, _ b: Int32) -> ([UInt8], [UInt8]) {
        var data: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0.fd >= 0 }) {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    data[i] += buffer[0..<n]
                } else if n == 0 || errno != EINTR {
                    close(fds[i].fd)
                    fds[i].fd = -1
                }
            }
        }
        return (data[0], data[1])
    }
}
