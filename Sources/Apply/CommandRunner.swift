import Foundation

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
        let err = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return "command failed (exit \(result.status)): \(result.argv.joined(separator: " "))" + (err.isEmpty ? "" : "\n\(err)")
    }
}

/// Runs argv arrays: never a shell. Tests may record instead.
public protocol CommandRunner: Sendable {
    func run(_ argv: [String]) throws -> CommandResult
}

/// Runs commands with Foundation.Process; a bare tool name is looked up in a
/// fixed list of system directories, not in the caller's PATH.
public struct ProcessRunner: CommandRunner {
    public static let searchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    public init() {}

    public static func resolve(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        return searchPath.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public func run(_ argv: [String]) throws -> CommandResult {
        guard let tool = argv.first, let exe = Self.resolve(tool) else {
            throw CommandError(result: CommandResult(argv: argv, status: 127, stdout: "", stderr: "\(argv.first ?? "?"): not found in \(Self.searchPath.joined(separator: ":"))"))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = Array(argv.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes at once so a chatty command cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        let r = CommandResult(argv: [exe] + argv.dropFirst(), status: p.terminationStatus,
                              stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
        guard r.status == 0 else { throw CommandError(result: r) }
        return r
    }
}
