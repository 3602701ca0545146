import Foundation
import Testing

/// `import` on image files, proven by its own round trip: what it writes plans as it says.
/// No md driver here: an array's members are util-linux's mdraid image (a RAID1 member that
/// mdadm made, metadata 0.90, no name) copied into a partition, so the array is stopped.
@Suite struct ImportCLITests {
    static let mdraid: URL = {
        // The repository's own copy of util-linux's test images (Tests/data/util-linux/README.md).
        let dir = ProcessInfo.processInfo.environment["DISKPLAN_PEER_DATA"].map { URL(fileURLWithPath: $0) }
            ?? CLI.repo.appendingPathComponent("Tests/data/util-linux")
        return dir.appendingPathComponent("images/mdraid.img.xz")
    }()

    /// Writes `data` into `image` at byte `offset`.
    static func write(_ data: Data, to image: String, at offset: UInt64) throws {
        let h = try #require(FileHandle(forWritingAtPath: image))
        defer { try? h.close() }
        try h.seek(toOffset: offset)
        h.write(data)
    }

    /// The start of partition `n` in bytes, by sfdisk.
    static func start(_ image: String, _ n: Int) throws -> UInt64 {
        let dump = try CLI.tool(["sfdisk", "-d", image])
        let line = try #require(dump.split(separator: "\n").first { $0.hasPrefix("\(image)\(n) ") })
        let field = try #require(line.split(separator: ",").first { $0.contains("start=") })
        return try #require(UInt64(field.split(separator: "=").last!.trimmingCharacters(in: .whitespaces))) * 512
    }

    @Test func aStoppedMetadata090ArrayInLogicalPartitionsIsNamedAsNotRunningAndPlansAsAnAssembly() throws {
        try CLI.withImages([256 << 20, 256 << 20]) { disks in
            let dir = URL(fileURLWithPath: disks[0]).deletingLastPathComponent().path
            _ = try CLI.tool(["sh", "-c", "xz -dc \"$0\" > \"$1\"", Self.mdraid.path, "\(dir)/md.img"])
            _ = try CLI.tool(["mkfs.ext4", "-q", "-F", "-U", "0d2a5f8c-6f1e-4b0a-9a59-1f2b3c4d5e6f", "\(dir)/fs.img", "8M"])
            for d in disks {
                _ = try CLI.tool(["sh", "-c", "printf 'label: dos\\n,,E\\n,10M,fd\\n' | sfdisk -q \"$0\"", d])
                let at = try Self.start(d, 5)
                try Self.write(Data(contentsOf: URL(fileURLWithPath: "\(dir)/md.img")), to: d, at: at)
                try Self.write(Data(contentsOf: URL(fileURLWithPath: "\(dir)/fs.img")), to: d, at: at)
            }
            let out = "\(dir)/imported.yaml"
            let imported = try CLI.run(["import", disks[0], disks[1], "--out", out])
            #expect(imported.status == 2, "\(imported.stdout)\(imported.stderr)")
            let problems = imported.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }
            #expect(problems.count == 1, "only the array's state is not described: \(imported.stdout)")
            #expect(problems.first?.contains("(no name, md: 0) is not running here: it is described from its members' superblocks, and `diskplan plan` of this file assembles it") == true)
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.contains("level: 1  # not running here: its superblock records raid1"), "\(text)")
            #expect(text.contains("format: ext4  # not running here: ext4 in its members' data area (libblkid)"))
            #expect(text.contains("md: 0  # not running here; the minor its 0.90 superblock prefers"))
            #expect(!text.contains("guests:") && !text.contains("shows \"No changes\";"), "no guest, no promise: \(text)")

            let plan = try CLI.run(["plan", out, "--json"])
            #expect(plan.status == 2, "\(plan.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
            let kinds = (doc["actions"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds == ["assemble_array", "make_filesystem"], "what import said: it assembles, and looks for its ext4 first")
        }
    }

    @Test func partitionsWithoutArraysAreListedAndTheFileSaysPlanRefusesIt() throws {
        try CLI.withImages([256 << 20, 256 << 20]) { disks in
            for d in disks { _ = try CLI.tool(["sgdisk", "-n1:2048:+1M", "-t1:EF02", "-n2:0:+32M", "-t2:8300", d]) }
            let imported = try CLI.run(["import", disks[0], disks[1]])
            #expect(imported.status == 2)
            #expect(imported.stdout.contains("# Not everything could be described (see the end)"))
            #expect(imported.stdout.contains("#   - no md array on \(disks[0]), \(disks[1]): a plan describes md arrays, so this file has none and `diskplan plan` refuses it"))
            for d in disks {
                #expect(imported.stdout.contains("#   - \(d) partition 2 (32.00 MiB, no signature) is in no array on every disk: a plan describes md arrays only; leave the disk out, or move what it holds into an array"))
            }
            let file = disks[0] + ".yaml"
            try imported.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let plan = try CLI.run(["plan", file])
            #expect(plan.status == 1 && plan.stderr.contains("the plan has no arrays and no guests"), "as import said: \(plan.stderr)")
        }
    }
}
