import Foundation
import Testing

/// The man pages and completions in the checkout are what `scripts/gen-docs` makes of the built binary,
/// the bash completion offers plan files and disks, and the plan file's page covers every key.
@Suite struct GeneratedDocsTests {
    static let docs = CLI.repo.appendingPathComponent("docs/man")

    @Test(arguments: ["bash", "zsh", "fish"])
    func committedCompletionIsTheGeneratedOne(_ shell: String) throws {
        let generated = try CLI.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: CLI.repo.appendingPathComponent("completions/diskplan.\(shell)"), encoding: .utf8)
        #expect(generated.stdout == committed, "completions/diskplan.\(shell) is stale: run scripts/gen-docs and commit")
    }

    @Test func committedManPagesAreTheGeneratedOnes() throws {
        // scripts/test builds the generator (swift build --product generate-manual) beside the binary.
        let tool = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("generate-manual").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) missing: run swift build --product generate-manual")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-man-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try CLI.tool([tool, CLI.binary, "--multi-page", "--section", "8", "--output-directory", out.path])
        let fm = FileManager.default
        let generated = Set(try fm.contentsOfDirectory(atPath: out.path)).subtracting(["diskplan.help.8"])
        let committed = Set(try fm.contentsOfDirectory(atPath: Self.docs.path).filter { $0.hasSuffix(".8") })
        #expect(generated == committed, "run scripts/gen-docs and commit docs/man")
        // The date (.Dd) is the day a page last changed; everything else must be as generated.
        func body(_ url: URL) throws -> [Substring] {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(".Dd ") }
        }
        for page in generated.intersection(committed).sorted() {
            #expect(try body(out.appendingPathComponent(page)) == body(Self.docs.appendingPathComponent(page)),
                    "docs/man/\(page) is stale: run scripts/gen-docs and commit")
        }
    }

    /// Sources the committed bash completion as bash-completion would and completes command lines in a
    /// directory with a plan file and an image file.
    func complete(_ words: [String], in dir: String) throws -> [String] {
        let script = """
            shopt -s extglob
            source "$1"
            shift
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
            _diskplan diskplan "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let bindir = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let out = try CLI.tool(["env", "-C", dir, "PATH=\(bindir):/usr/bin:/bin", "bash", "-c", script, "bash",
                                CLI.repo.appendingPathComponent("completions/diskplan.bash").path] + words)
        return out.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesPlanFilesAndDisks() throws {
        // A disk of this machine, as /sys/block lists it.
        let disk = try #require(try FileManager.default.contentsOfDirectory(atPath: "/sys/block").sorted().first { name in
            !name.hasPrefix("ram") && !name.hasPrefix("loop")
                && (try? String(contentsOfFile: "/sys/block/\(name)/size", encoding: .utf8))?.hasPrefix("0") == false
        }, "no disk in /sys/block")
        try CLI.withImages([1 << 30]) { images in
            let dir = URL(fileURLWithPath: images[0]).deletingLastPathComponent().path
            let image = URL(fileURLWithPath: images[0]).lastPathComponent
            try "host: h\n".write(toFile: dir + "/host.yaml", atomically: true, encoding: .utf8)
            try "".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
            #expect(try complete(["diskplan", "plan", ""], in: dir).contains("host.yaml"))
            #expect(!(try complete(["diskplan", "plan", ""], in: dir)).contains("notes.txt"))
            #expect(try complete(["diskplan", "status", "ho"], in: dir) == ["host.yaml"])
            #expect(try complete(["diskplan", "plan", "host.yaml", "--disk", "/dev/"], in: dir).contains("/dev/\(disk)"))
            #expect(try complete(["diskplan", "plan", "host.yaml", "--disk", "/dev/nul"], in: dir).isEmpty)   // a character device
            #expect(try complete(["diskplan", "apply", "host.yaml", "--disk", String(image.prefix(2))], in: dir) == [image])
            #expect(try complete(["diskplan", "probe", "/dev/\(disk.prefix(2))"], in: dir).contains("/dev/\(disk)"))
        }
    }

    /// Every key the parser accepts, read from its source.
    static func parserKeys() throws -> Set<String> {
        let source = try String(contentsOf: CLI.repo.appendingPathComponent("Sources/Layout/PlanFile/PlanParser.swift"), encoding: .utf8)
        var keys: Set<String> = []
        for line in source.split(separator: "\n") where line.contains("Keys = [") && line.contains("static let") {
            let list = line.split(separator: "[", maxSplits: 1)[1]
            keys.formUnion(list.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        }
        return keys
    }

    @Test func planFilePageNamesEveryKeyTheParserAccepts() throws {
        let keys = try Self.parserKeys()
        #expect(keys.isSuperset(of: ["host", "disks", "arrays", "guests", "uuid", "chunk"]), "\(keys)")
        let page = try String(contentsOf: Self.docs.appendingPathComponent("diskplan.yaml.5"), encoding: .utf8)
        let lines = page.split(separator: "\n")
        for key in keys.sorted() {
            // Each key is an item of its own: `.TP` then `.B key`.
            let item = lines.indices.contains { i in i > 0 && lines[i - 1] == ".TP" && lines[i] == ".B \(key)" }
            #expect(item, "docs/man/diskplan.yaml.5 does not describe the key \(key)")
        }
    }

    @Test func planFilePageExamplePlans() throws {
        let page = try String(contentsOf: Self.docs.appendingPathComponent("diskplan.yaml.5"), encoding: .utf8)
        let body = try #require(page.components(separatedBy: "\n.EX\n").dropFirst().first?.components(separatedBy: "\n.EE\n").first)
        let yaml = body.replacingOccurrences(of: "\\-", with: "-") + "\n"
        try CLI.withImages([CLITests.tb18, CLITests.tb18]) { images in
            let plan = URL(fileURLWithPath: images[0]).deletingLastPathComponent().appendingPathComponent("xen.yaml").path
            try yaml.write(toFile: plan, atomically: true, encoding: .utf8)
            let r = try CLI.run(["plan", plan, "--disk", images[0], "--disk", images[1]])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.contains("Create MD RAID1 /dev/md4 (99.93 GiB) 'xen1:web1'"))
        }
    }
}
