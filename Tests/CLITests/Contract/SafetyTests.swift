import Foundation
import Testing

/// A `diskplan` process that keeps running while the test talks to it.
final class Running {
    let process = Process()
    private let out = Pipe(), err = Pipe(), inp = Pipe()
    private(set) var stdout = ""

    init(_ args: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = args
        process.currentDirectoryURL = CLI.repo
        process.environment = CLI.environment(environment)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
    }

    /// Reads stdout until it holds `marker`; false when the process ended first.
    func wait(for marker: String) -> Bool {
        while !stdout.contains(marker) {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { return false }
            stdout += String(decoding: data, as: UTF8.self)
        }
        return true
    }

    /// Answers, closes stdin and waits for the end: (status, stderr).
    func finish(answer: String) throws -> (Int32, String) {
        inp.fileHandleForWriting.write(Data(answer.utf8))
        try inp.fileHandleForWriting.close()
        stdout += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
    }
}

/// The promises of SAFETY.md that the command line keeps: one apply at a
/// time, one disk once, and no value a tool would refuse mid-apply.
@Suite struct SafetyTests {
    static let tb18: UInt64 = 1_800_000_000_000
    static let prompt = "Type yes to go on: "

    func xenApply(_ disks: [String]) -> [String] {
        ["apply", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]]
    }

    /// The first apply waits at its confirmation, holding the lock; the second fails at
    /// once naming it, and so do replace-disk and restore-guest; once the first
    /// has ended, the lock is free again.
    @Test func aSecondApplyFailsAtOnceNamingTheFirst() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let lock = CLI.privateLock()
            defer { try? FileManager.default.removeItem(atPath: lock) }
            let env = ["DISKPLAN_LOCK": lock]
            let before = try disks.map(CLI.ends)

            let first = try Running(xenApply(disks), environment: env)
            #expect(first.wait(for: Self.prompt), "the first apply reaches its prompt")
            let pid = first.process.processIdentifier
            #expect(try String(contentsOfFile: lock, encoding: .utf8) == "\(pid)\n")

            let second = try CLI.run(xenApply(disks), stdin: "yes\n", environment: env)
            #expect(second.status == 1)
            #expect(second.stdout.isEmpty, "it stops before probing or planning")
            #expect(second.stderr.hasPrefix("diskplan: \(lock): lock: another diskplan apply is running (pid \(pid): "))
            #expect(second.stderr.contains("\(CLI.binary) apply plans/xen-host.yaml --disk \(disks[0]) --disk \(disks[1]));"))

            // replace-disk and restore-guest wait for no apply either (save-guest only reads).
            let others = [["replace-disk", "plans/xen-host.yaml", "--new", disks[1], "--disk", disks[0], "--disk", disks[1], "--yes"],
                          ["restore-guest", "plans/xen-host.yaml", "web1", "--from", disks[0] + ".web1"]]
            for args in others {
                let r = try CLI.run(args, environment: env)
                #expect(r.status == 1 && r.stdout.isEmpty, "\(args[0])")
                #expect(r.stderr.hasPrefix("diskplan: \(lock): lock: another diskplan apply is running (pid \(pid): "), "\(args[0])")
            }

            let (status, errors) = try first.finish(answer: "no\n")
            #expect(status == 1 && errors.contains("not confirmed; nothing was written"))
            #expect(try disks.map(CLI.ends) == before)

            let third = try CLI.run(xenApply(disks), stdin: "no\n", environment: env)
            #expect(third.stdout.hasSuffix(Self.prompt), "the lock died with the first apply")
            #expect(third.stderr.contains("not confirmed"))
        }
    }

    @Test func theSameImageTwiceIsRefused() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[0]])
            #expect(r.status == 1)
            #expect(r.stderr == "diskplan: plans/xen-host.yaml: --disk: \(disks[0]) is given twice; a mirror needs each disk once\n")
        }
    }

    /// A symlink and a hard link name the same image: the first resolves, the second only its inode tells.
    @Test(arguments: ["symlink", "hardlink"])
    func oneImageUnderTwoNamesIsRefusedAndNothingIsWritten(kind: String) throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let alias = disks[0] + "." + kind
            if kind == "symlink" {
                try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: disks[0])
            } else {
                try FileManager.default.linkItem(atPath: disks[0], toPath: alias)
            }
            let before = try CLI.ends(disks[0])
            let id = try CLI.tool(["stat", "-c", "file %Hd:%Ld inode %i", disks[0]]).trimmingCharacters(in: .newlines)
            let r = try CLI.run(xenApply([disks[0], alias]) + ["--yes"])
            #expect(r.status == 1)
            #expect(r.stderr == "diskplan: plans/xen-host.yaml: --disk: \(disks[0]) and \(alias) are one disk (both are \(id)); a mirror needs each disk once\n")
            #expect(try CLI.ends(disks[0]) == before)
        }
    }

    @Test func aPlanFileNamingOneDiskTwiceNamesItsLine() throws {
        try CLI.withImages([Self.tb18]) { disks in
            let link = disks[0] + ".link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: disks[0])
            let file = disks[0] + ".yaml"
            try "host: h\ndisks: [\(disks[0]), \(link)]\narrays:\n  - {name: root, size: 10G, format: ext4, mount: /}\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            let r = try CLI.run(["plan", file])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("diskplan: \(file):2: disks: \(disks[0]) and \(link) are one disk (both are file "))
        }
    }

    /// A label mkfs.xfs would refuse stops the apply before it writes anything.
    @Test func aLabelTheFormatterRefusesStopsTheApplyBeforeAnyWrite() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let file = disks[0] + ".yaml"
            try "host: h\ndisks: [\(disks[0]), \(disks[1])]\narrays:\n  - {name: srv, size: 10G, format: xfs, mount: /srv, label: backup-volume}\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            let before = try disks.map(CLI.ends)
            let r = try CLI.run(["apply", file, "--yes"])
            #expect(r.status == 1)
            #expect(r.stderr == "diskplan: \(file):4: arrays[0].label: 'backup-volume' is 13 bytes, longer than the 12 bytes a xfs label holds\n")
            #expect(r.stdout.isEmpty)
            #expect(try disks.map(CLI.ends) == before)
        }
    }
}
