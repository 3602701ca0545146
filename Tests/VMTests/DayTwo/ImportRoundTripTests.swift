import Foundation
import Testing

/// `import` proven by its own round trip on a real kernel, several in one boot: what it
/// writes plans as "No changes" on the same disks, or import exits 2 and names what planning
/// will do. Three pairs of disks: arrays named with mdadm's wildcard home host (`any:N`),
/// running and then stopped; msdos logical partitions with metadata 0.90, 1.0 and 1.2 and no
/// host in their names; and a plan of host xen1 looked at from this rescue system.
@Suite(.serialized)
struct ImportRoundTripTests {
    static func file(_ r: VMResult, _ name: String) -> String {
        (r.files[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func describe(_ r: VMResult, _ what: String) -> Comment {
        let names = ["import-any.txt", "any.yaml", "plan-any.txt", "import-stopped.txt", "stopped.yaml", "plan-stopped.txt", "apply-stopped.txt",
                     "import-started.txt", "plan-started.txt", "import-meta.txt", "meta.yaml", "plan-meta.txt", "xen1-md2.yaml", "plan-xen1.txt", "status-xen1.txt"]
        let files = names.compactMap { n in r.files[n].map { "--- \(n)\n\($0.suffix(2500))" } }.joined(separator: "\n")
        return Comment(rawValue: "\(what)\nexit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(2000))\n\(files)\n--- console\n\(r.console.suffix(1500))")
    }

    @Test("import round trips: wildcard home host, stopped arrays, metadata 0.90/1.0/1.2 without host in logical partitions; status of another host's plan")
    func roundTrips() throws {
        let binary = try VM.releaseBinary()
        let disks = (0..<6).map { _ in VMDisk.new(size: 2 * VMDisk.gib) }
        let r = try VM.run(script: "daytwo/import-round-trip.sh", disks: disks, extraBinaries: [binary], timeout: 900)
        try #require(r.exitStatus == 0, Self.describe(r, "the scenario ran"))
        #expect(Self.file(r, "md1.env").contains("MD_NAME=any:1"), Self.describe(r, "mdadm wrote the wildcard home host"))

        #expect(Self.file(r, "import-any.status") == "0", Self.describe(r, "the wildcard home host is described"))
        #expect(!Self.file(r, "any.yaml").contains("host: any"), Self.describe(r, "never host: any"))
        #expect(Self.file(r, "plan-any.status") == "0" && Self.file(r, "plan-any.txt").contains("No changes"), Self.describe(r, "any: no changes"))

        #expect(Self.file(r, "import-stopped.status") == "2", Self.describe(r, "stopped arrays: import exits 2"))
        #expect(Self.file(r, "import-stopped.txt").components(separatedBy: "is not running here").count == 4, Self.describe(r, "each of the three is named"))
        let stopped = Self.file(r, "stopped.yaml")
        #expect(!stopped.contains("assumed 1") && !stopped.contains("guests:") && !stopped.contains("shows \"No changes\";"), Self.describe(r, "levels, formats, no guests, no promise"))
        #expect(stopped.contains("format: swap") && stopped.components(separatedBy: "format: ext4").count == 3, Self.describe(r, "swap and two ext4 read through the members"))
        #expect(Self.file(r, "guests-stopped.txt").isEmpty, Self.describe(r, "guests --xen offers none of them"))
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(Self.file(r, "plan-stopped.txt").utf8)) as? [String: Any], Self.describe(r, "plan --json"))
        let kinds = Set((plan["actions"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
        #expect(kinds == ["assemble_array", "make_swap", "make_filesystem"], Self.describe(r, "planning assembles them and looks at their content, as import said"))
        #expect(Self.file(r, "apply-stopped.status") == "0", Self.describe(r, "apply assembles them"))
        let apply = Self.file(r, "apply-stopped.txt")
        #expect(apply.contains(try Regex(#"\[1/\d+\] Assemble RAID1 /dev/md\d+ .* \.\.\.\n"#)), Self.describe(r, "each step shows as it starts"))
        #expect(apply.contains("already holds ext4"), Self.describe(r, "the ext4 found is kept"))
        #expect(Self.file(r, "import-started.status") == "0" && Self.file(r, "plan-started.status") == "0", Self.describe(r, "started: no changes"))

        #expect(Self.file(r, "import-meta.status") == "0", Self.describe(r, "0.90, 1.0 and 1.2 without host are described"))
        let meta = Self.file(r, "meta.yaml")
        #expect(["\"0.90\"", "\"1.0\"", "\"1.2\""].allSatisfy { meta.contains("metadata: \($0)") } && meta.contains("label: msdos"), Self.describe(r, "each metadata"))
        #expect(Self.file(r, "plan-meta.status") == "0" && Self.file(r, "plan-meta.txt").contains("No changes"), Self.describe(r, "metadata: no changes"))

        #expect(Self.file(r, "hostname") == "rescue" && Self.file(r, "import-xen1.status") == "0", Self.describe(r, "xen1's plan"))
        #expect(Self.file(r, "plan-xen1.status") == "0", Self.describe(r, "no changes"))
        #expect(Self.file(r, "plan-xen1.txt").contains("/dev/md2 (runs as /dev/md127)"), Self.describe(r, "the dry run shows the node it runs as"))
        #expect(Self.file(r, "status-xen1.status") == "0", Self.describe(r, "status in the rescue system: healthy, and the node is no drift"))
        #expect(Self.file(r, "status-xen1.txt").contains("xen1:root runs as /dev/md127 here: this system is 'rescue', not the plan's host 'xen1'"), Self.describe(r, "a note"))
    }
}
