import Foundation
import Testing

/// Runs the built `diskplan` binary on sparse image files, as an admin would.
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable beside the test bundle (`swift build --build-tests` builds both).
    static let binary: String = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/", !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("diskplan").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("diskplan").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary to its end. Each run takes its own apply lock unless `environment` names one.
    static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = repo
        let lock = privateLock()
        defer { try? FileManager.default.removeItem(atPath: lock) }
        p.environment = self.environment(["DISKPLAN_LOCK": lock].merging(environment) { $1 })
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
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
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The test process's environment with `extra`; libparted writes no Apple partition map.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PARTED_GPT_APPLE"] = "0"
        return env.merging(extra) { $1 }
    }

    /// A lock file of one's own: tests run side by side must not see each other's applies.
    static func privateLock() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-lock-\(UUID().uuidString)").path
    }

    static func tool(_ argv: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(argv) exit \(p.terminationStatus)"]) }
        return String(decoding: data, as: UTF8.self)
    }

    /// A directory with sparse images of the given sizes, removed afterwards.
    static func withImages<T>(_ sizes: [UInt64], _ body: ([String]) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = sizes.enumerated().map { i, size in
            let path = dir.appendingPathComponent("disk\(i).img").path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let h = FileHandle(forWritingAtPath: path)!
            try? h.truncate(atOffset: size)
            try? h.close()
            return path
        }
        return try body(paths)
    }

    /// The first and last MiB: where tables and most signatures live.
    static func ends(_ path: String) throws -> Data {
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! UInt64
        let h = FileHandle(forReadingAtPath: path)!
        defer { try? h.close() }
        let head = try h.read(upToCount: 1 << 20) ?? Data()
        try h.seek(toOffset: size - (1 << 20))
        let tail = try h.read(upToCount: 1 << 20) ?? Data()
        return head + tail
    }
}

@Suite struct CLITests {
    static let tb18: UInt64 = 1_800_000_000_000

    @Test func planOnBlankImagesExitsTwoAndWritesNothing() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let before = try disks.map(CLI.ends)
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.contains("Create GPT on \(disks[0])"))
            #expect(r.stdout.contains("Create MD RAID1 /dev/md2 (29.98 GiB) 'xen1:root' from \(disks[0])#4 (30.00 GiB) and \(disks[1])#4 (30.00 GiB)"))
            #expect(r.stdout.contains("$ mdadm --create /dev/md2 --run --level=1 --raid-devices=2 --metadata=1.2 --bitmap=internal --name=root --homehost=xen1"))
            #expect(r.stdout.hasSuffix("27 action(s) pending. Nothing was written.\n"))
            #expect(try disks.map(CLI.ends) == before)
        }
    }

    @Test func jsonHasDisksActionsAndArrays() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--json"])
            #expect(r.status == 2)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let d = try #require(doc["disks"] as? [[String: Any]])
            #expect(d.map { $0["path"] as? String } == disks)
            #expect(d[0]["size_bytes"] as? Int == Int(Self.tb18))
            #expect(d[0]["logical_sector_size"] as? Int == 512 && d[0]["physical_sector_size"] as? Int == 512)
            #expect(d[0]["label"] as? String == "gpt")
            let actions = try #require(doc["actions"] as? [[String: Any]])
            #expect(actions.count == 27)
            #expect(actions.allSatisfy { $0["kind"] is String && $0["device"] is String && $0["summary"] is String })
            let create = try #require(actions.first { $0["kind"] as? String == "create_array" })
            #expect((create["argv"] as? [String])?.first == "mdadm")
            let arrays = try #require(doc["arrays"] as? [[String: Any]])
            #expect(arrays.map { $0["md"] as? String } == ["/dev/md0", "/dev/md1", "/dev/md2", "/dev/md3", "/dev/md4"])
            #expect(arrays[2]["name"] as? String == "xen1:root" && arrays[2]["level"] as? String == "raid1" && arrays[2]["metadata"] as? String == "1.2")
            #expect((arrays[2]["members"] as? [String])?.count == 2 && arrays[2]["size_bytes"] is Int)
        }
    }

    @Test func badPlanNamesFileLineAndKeyAndExitsOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diskplan-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml").path
        try "host: h\ndisks: [/dev/sda, /dev/sdb]\narrays:\n  - {name: root, size: 30 gigs}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["plan", file])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("diskplan: \(file):4: arrays[0].size: '30 gigs' is not a size"))
        #expect(r.stdout.isEmpty)
    }

    @Test func layoutThatDoesNotFitIsAnErrorNamingTheEntry() throws {
        try CLI.withImages([100 << 30, 100 << 30]) { disks in
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]])
            #expect(r.status == 1)
            #expect(r.stderr.contains("plans/xen-host.yaml:14: guests 'web1'.size: does not fit"))
        }
    }

    @Test func foreignDiskIsRefusedAndLeftAsItWasUnlessWiped() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            _ = try CLI.tool(["sgdisk", "-n", "1:2048:+1G", "-t", "1:8300", "-c", "1:data", disks[1]])
            let before = try CLI.ends(disks[1])
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]])
            #expect(r.status == 1)
            #expect(r.stderr.contains("\(disks[1]) holds what the plan does not describe:"))
            #expect(r.stderr.contains("partition 1 (1.00 GiB, name 'data', no signature)"))
            #expect(r.stderr.contains("pass --wipe \(disks[1])"))
            let applied = try CLI.run(["apply", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--yes"])
            #expect(applied.status == 1)
            #expect(try CLI.ends(disks[1]) == before, "nothing was written")
            let wiped = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--wipe", disks[1]])
            #expect(wiped.status == 2)
            #expect(wiped.stdout.contains("1. Erase old partition \(disks[1])#1 (1.00 GiB, no signature found)"))
            #expect(wiped.stdout.contains("2. Erase \(disks[1]) (gpt table with 1 partition(s)): MBR, both GPT headers and whole-disk signatures"))
        }
    }

    @Test func foreignContentOfBothDisksIsRefusedInOneRun() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            for disk in disks { _ = try CLI.tool(["sgdisk", "-n", "1:2048:+1G", "-t", "1:8300", "-c", "1:data", disk]) }
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]])
            #expect(r.status == 1)
            for disk in disks {
                #expect(r.stderr.contains("\(disk) holds what the plan does not describe:\n  - partition 1 (1.00 GiB, name 'data', no signature)"), "\(r.stderr)")
            }
            #expect(r.stderr.hasSuffix("pass --wipe \(disks[0]) --wipe \(disks[1]).\n"), "\(r.stderr)")
        }
    }

    @Test func applyWithoutConsentWritesNothing() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let before = try disks.map(CLI.ends)
            let r = try CLI.run(["apply", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]], stdin: "no\n")
            #expect(r.status == 1)
            #expect(r.stdout.contains("This writes to:\n  \(disks[0]): 1.63 TiB"))
            #expect(r.stderr.contains("not confirmed; nothing was written"))
            #expect(try disks.map(CLI.ends) == before)
        }
    }

    @Test func savedPlanRefusesWhenADiskChanged() throws {
        try CLI.withImages([Self.tb18, Self.tb18]) { disks in
            let saved = disks[0] + ".plan.json"
            defer { try? FileManager.default.removeItem(atPath: saved) }
            let r = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1], "--out", saved])
            #expect(r.status == 2)
            #expect(r.stdout.contains("Saved to \(saved)"))
            _ = try CLI.tool(["sgdisk", "-o", disks[1]])
            let before = try CLI.ends(disks[1])
            let a = try CLI.run(["apply", saved, "--yes"])
            #expect(a.status == 1)
            #expect(a.stderr.contains("refusing: the disks changed since \(saved) was saved"))
            #expect(a.stderr.contains("\(disks[1]) changed since the plan was saved:\n    was: table none\n    now: table gpt"))
            #expect(try CLI.ends(disks[1]) == before)
        }
    }

    @Test func probeJSONDescribesImages() throws {
        try CLI.withImages([4 << 30]) { disks in
            _ = try CLI.tool(["sgdisk", "-n", "1:2048:+100M", "-t", "1:fd00", "-c", "1:md3-ns1", disks[0]])
            let r = try CLI.run(["probe", "--json", disks[0]])
            #expect(r.status == 0)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let disk = try #require((doc["disks"] as? [[String: Any]])?.first)
            #expect(disk["size_bytes"] as? Int == 4 << 30)
            let table = try #require(disk["table"] as? [String: Any])
            #expect(table["type"] as? String == "gpt")
            let part = try #require((table["partitions"] as? [[String: Any]])?.first)
            #expect(part["start_sector"] as? Int == 2048 && part["size_sectors"] as? Int == 204_800)
            #expect(part["type_guid"] as? String == "a19d880f-05fc-4d3b-a006-743f0f84911e")
            #expect(part["name"] as? String == "md3-ns1")
            let free = try #require(disk["free"] as? [[String: Any]])
            #expect(free.first?["start_sector"] as? Int == 206_848)
        }
    }

    @Test func helpNamesTheSubcommands() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0)
        for word in ["probe", "plan", "apply", "Exit status of plan: 0 no changes, 2 changes pending, 1 error."] {
            #expect(r.stdout.contains(word))
        }
    }
}
