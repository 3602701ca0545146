import Foundation
import Testing

/// Runs the binary with stdout and stderr on a pseudo-terminal, as an admin's shell does.
enum Terminal {
    static func run(_ args: [String], env extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.ENOTTY) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = args
        p.currentDirectoryURL = CLI.repo
        var env = ProcessInfo.processInfo.environment
        env["PARTED_GPT_APPLE"] = "0"
        env["TERM"] = "xterm"
        env["NO_COLOR"] = nil
        env.merge(extra) { $1 }
        p.environment = env
        let tty = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        p.standardOutput = tty
        p.standardError = tty
        p.standardInput = FileHandle.nullDevice
        try p.run()
        close(slave)
        var out = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(master, &buf, buf.count)
            if n <= 0 { break }  // EIO once the child has exited and the slave is closed
            out += buf[0..<n]
        }
        close(master)
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}

@Suite struct OutputTests {
    static let tb18: UInt64 = 1_800_000_000_000
    static let esc = "\u{1B}["

    @Test func versionIsOneLineAndSaysWhenItIsNoRelease() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        // `swift build --build-tests` stamps no version; scripts/release does (and checks it).
        #expect(r.stdout == "0.0.0-dev (not built by scripts/release)\n")
    }

    @Test func quietPlanPrintsNothingAndKeepsTheExitStatus() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--quiet"])
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty && r.stderr.isEmpty)
            let bad = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--quiet"])
            #expect(bad.status == 1)
            #expect(bad.stdout.isEmpty)
            #expect(bad.stderr.hasPrefix("diskplan: "))
        }
    }

    @Test func jsonAndQuietNeedYesAndExcludeEachOther() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let before = try disks.map(CLI.ends)
            let base = ["apply", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]]
            let noYes = try CLI.run(base + ["--json"], stdin: "yes\n")
            #expect(noYes.status == 1)
            #expect(noYes.stderr.contains("--json needs --yes"))
            let both = try CLI.run(base + ["--json", "--quiet", "--yes"])
            #expect(both.status == 1)
            #expect(both.stderr.contains("--json and --quiet exclude each other"))
            let plan = try CLI.run(["plan", "plans/xen-host.yaml", "--json", "--quiet"])
            #expect(plan.status == 1)
            #expect(try disks.map(CLI.ends) == before)
        }
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let args = ["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]]
            let tty = try Terminal.run(args)
            #expect(tty.status == 2)
            #expect(tty.output.contains(Self.esc + "1mActions, in order (27):" + Self.esc + "0m"))
            #expect(tty.output.contains(Self.esc + "32mCreate GPT on \(disks[0])" + Self.esc + "0m"))
            let plainText = try CLI.run(args).stdout
            #expect(!plainText.contains(Self.esc), "a pipe gets no colour")
            #expect(tty.output.replacingOccurrences(of: "\r\n", with: "\n").replacing(/\x1B\[[0-9;]*m/, with: "") == plainText)
            for env in [["NO_COLOR": "1"], ["TERM": "dumb"]] {
                let r = try Terminal.run(args, env: env)
                #expect(r.status == 2)
                #expect(!r.output.contains(Self.esc), "\(env)")
            }
            let error = try Terminal.run(["plan", "plans/xen-host.yaml", "--disk", disks[0]])
            #expect(error.output.hasPrefix(Self.esc + "1;31mdiskplan:" + Self.esc + "0m "))
        }
    }
}
