import Foundation
import Testing

/// In a chroot before /proc is mounted the tool still reads its arguments:
/// the Swift runtime takes them from /proc/self/cmdline, diskplan from the C runtime.
@Suite struct NoProcTests {
    /// A root holding the built binary, the libraries `ldd` names (at their own paths),
    /// a plan and two sparse images; no /proc, /sys or /dev.
    static func withRoot<T>(_ body: (String) throws -> T) throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-noproc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let libraries = try CLI.tool(["ldd", CLI.binary]).split(separator: "\n").compactMap { line in
            line.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("/") }.map(String.init)
        }
        #expect(libraries.contains { $0.contains("libswiftCore") } && libraries.contains { $0.contains("ld-linux") })
        for file in libraries + [CLI.binary] {
            let target = root + (file == CLI.binary ? "/diskplan" : file)
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: URL(fileURLWithPath: file).resolvingSymlinksInPath().path, toPath: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
        }
        try FileManager.default.copyItem(atPath: CLI.repo.appendingPathComponent("plans/xen-host.yaml").path, toPath: root + "/plan.yaml")
        for image in ["/a.img", "/b.img"] {
            _ = FileManager.default.createFile(atPath: root + image, contents: nil)
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: root + image))
            try h.truncate(atOffset: CLITests.tb18)
            try h.close()
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/proc/self/cmdline"))
        return try body(root)
    }

    /// `chroot ROOT /diskplan ARGS` (in a user namespace of its own when not run as root):
    /// status and standard output.
    static func chroot(_ root: String, _ args: [String]) throws -> (status: Int32, stdout: String) {
        let chroot = ["/usr/sbin/chroot", root, "/diskplan"] + args
        let argv = geteuid() == 0 ? chroot : ["/usr/bin/unshare", "--map-root-user"] + chroot
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.environment = CLI.environment(["DISKPLAN_LOCK": "/diskplan.lock"])
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func versionAndPlanKeepTheirArgumentsWithoutProc() throws {
        let version = try CLI.run(["--version"]).stdout
        try Self.withRoot { root in
            let v = try Self.chroot(root, ["--version"])
            #expect(v.status == 0 && v.stdout == version, "\(v)")
            let plan = try Self.chroot(root, ["plan", "/plan.yaml", "--disk", "/a.img", "--disk", "/b.img"])
            #expect(plan.status == 2)
            #expect(plan.stdout.contains("Create GPT on /a.img"), "\(plan.stdout.prefix(300))")
            #expect(plan.stdout.hasSuffix("27 action(s) pending. Nothing was written.\n"))
        }
    }
}
