import Foundation
import Testing

/// The project's shell scripts pass ShellCheck (Debian's `shellcheck`, which
/// scripts/install-deps installs): the rescue-VM harness (Tests/vm/*.sh), every
/// scenario the VM tests boot (Tests/vm/scenarios/*.sh and its folders) and the project's commands
/// (scripts/*). A finding that is a false positive is disabled in the script, on
/// its line, with the reason beside it. Runs without a VM.
@Suite struct ShellCheckTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shellcheck = "/usr/bin/shellcheck"

    /// The scripts checked, relative to the repository root.
    static let scripts: [String] = {
        let fm = FileManager.default
        func files(_ dir: String, suffix: String) -> [String] {
            let names = (try? fm.contentsOfDirectory(atPath: repoRoot.appendingPathComponent(dir).path)) ?? []
            return names.filter { $0.hasSuffix(suffix) }.sorted().map { "\(dir)/\($0)" }.filter { path in
                var isDir: ObjCBool = false
                return fm.fileExists(atPath: repoRoot.appendingPathComponent(path).path, isDirectory: &isDir) && !isDir.boolValue
            }
        }
        let groups = ((try? fm.contentsOfDirectory(atPath: repoRoot.appendingPathComponent("Tests/vm/scenarios").path)) ?? []).sorted()
        let scenarios = files("Tests/vm/scenarios", suffix: ".sh") + groups.flatMap { files("Tests/vm/scenarios/\($0)", suffix: ".sh") }
        return files("Tests/vm", suffix: ".sh") + scenarios + files("scripts", suffix: "")
    }()

    @Test func theScriptsAreFound() {
        #expect(Self.scripts.contains("Tests/vm/run-vm.sh") && Self.scripts.contains("Tests/vm/scenarios/lib.sh")
                && Self.scripts.contains("scripts/test"), "\(Self.scripts)")
    }

    /// `shellcheck -x` (following `source`, the scenarios' lib.sh by their source-path directive),
    /// all severities; every finding fails the test, named by file, line, column and code.
    @Test(arguments: scripts)
    func shellcheckFindsNothing(_ script: String) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.shellcheck),
                     "\(Self.shellcheck) is missing: apt-get install shellcheck (scripts/install-deps installs it)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.shellcheck)
        p.arguments = ["-x", "--format=gcc", script]
        p.currentDirectoryURL = Self.repoRoot
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && text.isEmpty, "shellcheck on \(script) (exit \(p.terminationStatus)):\n\(text)")
    }

    /// Every scenario a VM test names (`VM.run(script: "NAME.sh", ...)`) is a file in Tests/vm/scenarios,
    /// so that this suite checks it.
    @Test func everyScenarioTheVMTestsRunIsAFile() throws {
        let fm = FileManager.default
        let tests = Self.repoRoot.appendingPathComponent("Tests/VMTests")
        var named: Set<String> = []
        let files = (fm.enumerator(atPath: tests.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        for rel in files {
            let text = try String(contentsOf: tests.appendingPathComponent(rel), encoding: .utf8)
            for m in text.matches(of: /script: "([^"]+)"/) { named.insert(String(m.1)) }
            for m in text.matches(of: /plant: "([^"]+\.sh)"/) { named.insert(String(m.1)) }
        }
        #expect(named.count > 20, "\(named.sorted())")
        for name in named.sorted() {
            #expect(Self.scripts.contains("Tests/vm/scenarios/\(name)"), "VMTests name \(name), which is not in Tests/vm/scenarios")
        }
    }
}
