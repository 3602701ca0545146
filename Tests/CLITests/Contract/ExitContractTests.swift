import Foundation
import Testing

/// Every command exits 0, 2 or 1: usage errors are 1 with a message naming what to fix.
@Suite struct ExitContractTests {
    /// Arguments of each command that it must refuse, and a part of the message that names the fault.
    static let usageErrors: [(args: [String], names: String)] = [
        ([], "name a command: probe, plan, apply"),
        (["nosuch"], "there is no command 'nosuch'"),
        (["help", "nosuch"], "help: there is no command 'nosuch'; the commands are: probe, plan"),
        (["help", "plan", "nosuch"], "help: there is no command 'nosuch'"),
        (["--nosuch"], "Unknown option '--nosuch'"),
        (["probe", "--nosuch"], "Unknown option '--nosuch'"),
        (["plan"], "Missing expected argument '<plan>'"),
        (["plan", "plans/xen-host.yaml", "--nosuch"], "Unknown option '--nosuch'"),
        (["plan", "plans/xen-host.yaml", "--json", "--quiet"], "--json and --quiet exclude each other"),
        (["plan", "plans/xen-host.yaml", "--disk"], "Missing value for '--disk <disk>'"),
        (["apply", "plans/xen-host.yaml", "--json"], "--json needs --yes"),
        (["apply", "plans/xen-host.yaml", "--quiet"], "--quiet needs --yes"),
        (["apply", "plans/xen-host.yaml", "--inventory", "x.json"], "--inventory is for plan only"),
        (["status", "plans/xen-host.yaml", "--json", "--prometheus"], "--json and --prometheus exclude each other"),
        (["status", "plans/xen-host.yaml", "--watch", "--json"], "--watch shows progress for a reader"),
        (["status", "plans/xen-host.yaml", "--interval", "-1"], "--interval must be at least 0.1 seconds"),
        (["status", "plans/xen-host.yaml", "--interval", "soon"], "The value 'soon' is invalid for '--interval <interval>'"),
        (["import", "--out"], "Missing value for '--out <out>'"),
        (["add-guest", "plans/xen-host.yaml", "web2"], "Missing expected argument '<size>'"),
        (["add-guest", "plans/xen-host.yaml", "web2", "1G", "--md"], "Missing value for '--md <md>'"),
        (["guests", "plans/xen-host.yaml", "--xen", "--libvirt"], "give one of --xen, --libvirt, --json"),
        (["convert-installimage"], "Missing expected argument '<file>'"),
        (["replace-disk", "plans/xen-host.yaml"], "Missing expected argument '--new <new>'"),
        (["replace-disk", "plans/xen-host.yaml", "--new", "/dev/null", "--dry-run", "--yes"], "--yes confirms writing; --dry-run writes nothing"),
        (["replace-disk", "plans/xen-host.yaml", "--new", "/dev/null", "--dry-run", "--watch"], "--watch follows the rebuild"),
        (["replace-disk", "plans/xen-host.yaml", "--new", "/dev/null", "--install-bootloader", "--no-bootloader"], "exclude each other"),
        (["chroot"], "Missing expected argument '<plan>'"),
    ]

    @Test(arguments: usageErrors.indices)
    func usageErrorsExitOneNamingTheFault(_ i: Int) throws {
        let (args, names) = Self.usageErrors[i]
        let r = try CLI.run(args)
        #expect(r.status == 1, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("diskplan: "), "\(args): \(r.stderr)")
        #expect(r.stderr.contains(names), "\(args): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(args): \(r.stdout)")
    }

    /// Errors found while running, one per command: 1 as well.
    @Test(arguments: ["probe", "plan", "apply", "status", "import", "add-guest", "guests", "convert-installimage", "replace-disk", "chroot"])
    func runtimeErrorsExitOne(_ command: String) throws {
        let missing = "/nonexistent/plan.yaml"
        let args: [String] = switch command {
        case "probe", "import": [command, "/nonexistent/a", "/nonexistent/b"]
        case "add-guest": [command, missing, "web2", "1G"]
        case "replace-disk": [command, missing, "--new", "/dev/null"]
        case "apply": [command, missing, "--yes"]
        default: [command, missing]
        }
        let r = try CLI.run(args)
        #expect(r.status == 1, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("diskplan: ") && r.stderr.contains("/nonexistent/"), "\(args): \(r.stderr)")
    }

    @Test func helpAndVersionExitZero() throws {
        for args in [["--help"], ["--version"], ["help"], ["help", "plan"], ["plan", "--help"], ["help", "replace-disk"]] {
            let r = try CLI.run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(!r.stdout.isEmpty && r.stderr.isEmpty, "\(args)")
        }
    }

    /// The cron line of docs/status.md, as written, with the plan and the collector's directory moved
    /// to a scratch directory: the metrics are replaced when status ran (0 or 2) and kept when
    /// it failed.
    @Test func readmeCronRecipeKeepsTheMetricsWhenStatusFails() throws {
        let readme = try String(contentsOf: CLI.repo.appendingPathComponent("docs/status.md"), encoding: .utf8)
        let cron = try #require(readme.split(separator: "\n").first { $0.hasPrefix("*/5 * * * * root diskplan status ") })
        let command = cron.split(separator: " ", maxSplits: 6).last.map(String.init) ?? ""
        try CLI.withImages([CLITests.tb18, CLITests.tb18]) { disks in
            let dir = URL(fileURLWithPath: disks[0]).deletingLastPathComponent().path
            let plan = dir + "/diskplan.yaml"
            let xen = try String(contentsOf: CLI.repo.appendingPathComponent("plans/xen-host.yaml"), encoding: .utf8)
            try xen.replacingOccurrences(of: "[/dev/sda, /dev/sdb]", with: "[\(disks[0]), \(disks[1])]").write(toFile: plan, atomically: true, encoding: .utf8)
            let script = command.replacingOccurrences(of: "/etc/diskplan.yaml", with: plan)
                .replacingOccurrences(of: "/var/lib/prometheus/node-exporter", with: dir)
            let path = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path + ":/usr/bin:/bin"
            let prom = dir + "/diskplan.prom"
            _ = try CLI.tool(["PATH=\(path)", "sh", "-c", script + "; true"])
            let first = try String(contentsOfFile: prom, encoding: .utf8)
            #expect(first.contains("\ndiskplan_status 2\n"), "status exits 2 on blank disks: the metrics are written")
            try "host: [".write(toFile: plan, atomically: true, encoding: .utf8)
            _ = try CLI.tool(["PATH=\(path)", "sh", "-c", script + "; true"])
            #expect(try String(contentsOfFile: prom, encoding: .utf8) == first, "status exits 1: the last metrics stay")
        }
    }

    /// `plan`'s common form is read without ArgumentParser (PlanArguments.swift); the same
    /// arguments in forms only ArgumentParser reads give the same output and exit status.
    @Test func planReadsTheSameWithAndWithoutArgumentParser() throws {
        try CLI.withImages([CLITests.tb18, CLITests.tb18]) { disks in
            let pairs: [([String], [String])] = [
                (["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--json", "--degraded"],
                 ["plan", "--disk=\(disks[0])", "plans/xen-host.yaml", "--disk=\(disks[1])", "--degraded", "--json"]),
                (["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--wipe", disks[1]],
                 ["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--wipe=\(disks[1])"]),
                (["plan", "plans/xen-host.yaml", "--quiet", "--disk", disks[0], "--disk", disks[1]],
                 ["plan", "plans/xen-host.yaml", "--quiet", "--disk", disks[0], "--disk", disks[1], "--quiet"]),
            ]
            for (fast, parsed) in pairs {
                let a = try CLI.run(fast), b = try CLI.run(parsed)
                #expect(a.status == 2 && a.status == b.status, "\(fast): \(a.status) \(a.stderr)")
                #expect(a.stdout == b.stdout && a.stderr == b.stderr, "\(fast)")
            }
        }
    }
}
