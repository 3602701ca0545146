import Foundation
import Testing

/// The README's "Five minutes on image files", run as written: every ```console block's `$ ` lines (with
/// their here-documents) in one bash, in a temporary directory, the built binary first on the PATH. Each
/// command must exit 0 (the README shows other exit statuses with `; echo "exit $?"`), and what it prints
/// (stdout and stderr together) must be the lines the README shows after it, where
/// - a line `...` stands for any number of lines (the README shows an excerpt),
/// - the temporary directory (`.../tmp.XXXXXXXXXX`) and UUIDs are replaced by placeholders on both sides,
/// - blank lines at the end are dropped.
@Suite struct ReadmeTests {
    static let section = "## Five minutes on image files"

    struct Step {
        var command: String
        var expected: [String]
    }

    /// The commands of the section and the output shown after each.
    static func steps(_ readme: String) throws -> [Step] {
        let start = try #require(readme.range(of: "\n\(section)\n"), "README.md has no section '\(section)'")
        let rest = readme[start.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var steps: [Step] = []
        var inBlock = false
        var heredoc: String?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !inBlock {
                inBlock = line == "```console"
                continue
            }
            if let end = heredoc {
                steps[steps.count - 1].command += "\n" + line
                if line == end { heredoc = nil }
            } else if line == "```" {
                inBlock = false
            } else if line.hasPrefix("$ ") {
                let command = String(line.dropFirst(2))
                steps.append(Step(command: command, expected: []))
                if let r = command.range(of: "<<'") {
                    heredoc = String(command[r.upperBound...].prefix { $0 != "'" })
                }
            } else {
                try #require(!steps.isEmpty, "output before the first command: \(line)")
                steps[steps.count - 1].expected.append(line)
            }
        }
        return steps
    }

    static func normalised(_ line: String) -> String {
        var s = line
        for (pattern, placeholder) in [("/[^ ]*tmp\\.[A-Za-z0-9]{10}", "<tmpdir>"),
                                       ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")] {
            s = s.replacingOccurrences(of: pattern, with: placeholder, options: .regularExpression)
        }
        return s
    }

    /// Whether `actual` is `expected` with each `...` standing for any run of lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "..." {
            return (actual.startIndex...actual.endIndex).contains { matches(expected.dropFirst(), actual[$0...]) }
        }
        guard let line = actual.first, line == first else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    @Test func walkThroughRunsAsWritten() throws {
        let readme = try String(contentsOf: CLI.repo.appendingPathComponent("README.md"), encoding: .utf8)
        let steps = try Self.steps(readme)
        #expect(steps.count >= 10, "\(steps.map(\.command))")
        #expect(steps.first?.command == "cd \"$(mktemp -d)\"")

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let outputs = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        // One shell for all, so that `cd` and the files carry over; each command's output and status apart.
        var script = ""
        for (i, step) in steps.enumerated() {
            script += "{ \(step.command)\n} >\(outputs.path)/\(i) 2>&1 </dev/null; echo $? >\(outputs.path)/\(i).status\n"
        }
        let bindir = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let tmp = work.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        _ = try CLI.tool(["env", "-C", work.path, "PATH=\(bindir):/usr/sbin:/usr/bin:/sbin:/bin", "TMPDIR=\(tmp.path)",
                          "DISKPLAN_LOCK=\(CLI.privateLock())", "bash", "-c", script])

        for (i, step) in steps.enumerated() {
            let status = try String(contentsOf: outputs.appendingPathComponent("\(i).status"), encoding: .utf8)
            #expect(status == "0\n", "`\(step.command)` exited \(status)")
            let printed = try String(contentsOf: outputs.appendingPathComponent("\(i)"), encoding: .utf8)
            var actual = printed.split(separator: "\n", omittingEmptySubsequences: false).map { Self.normalised(String($0)) }
            while actual.last == "" { actual.removeLast() }
            let expected = step.expected.map(Self.normalised)
            #expect(Self.matches(expected[...], actual[...]),
                    "`\(step.command)` printed:\n\(actual.joined(separator: "\n"))\n--- the README shows:\n\(expected.joined(separator: "\n"))")
        }
    }

    @Test func gapsMatchAnyRunOfLines() {
        #expect(Self.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        #expect(Self.matches(["a", "...", "d"], ["a", "d"]))
        #expect(!Self.matches(["a", "...", "d"], ["a", "b", "c"]))
        #expect(!Self.matches(["a", "b"], ["a", "b", "c"]))
        #expect(Self.normalised("x -> /tmp/tmp.xr4H7PMyva/a.img (UUID 97921af0-7809-43ca-bbb7-036559be56b5)")
                == "x -> <tmpdir>/a.img (UUID <uuid>)")
    }
}
