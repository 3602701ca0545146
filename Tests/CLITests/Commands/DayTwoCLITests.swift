import Foundation
import Testing

/// `add-guest` and `guests` on sparse images.
@Suite struct DayTwoCLITests {
    static let gb: UInt64 = 1_000_000_000

    func withPlan(_ body: (String, [String]) throws -> Void) throws {
        try CLI.withImages([200 * Self.gb, 200 * Self.gb]) { disks in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).yaml").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            try String(contentsOf: CLI.repo.appendingPathComponent("plans/xen-host.yaml"), encoding: .utf8).write(toFile: file, atomically: true, encoding: .utf8)
            try body(file, disks)
        }
    }

    @Test func addGuestAppendsKeepingCommentsAndPrintsTheDryRun() throws {
        try withPlan { file, disks in
            let before = try String(contentsOfFile: file, encoding: .utf8)
            let r = try CLI.run(["add-guest", file, "web2", "10G", "--disk", disks[0], "--disk", disks[1]])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("Added guest 'web2' to \(file).\n"))
            #expect(r.stdout.contains("Create MD RAID1 /dev/md5 (9.99 GiB) 'xen1:web2'"), "\(r.stdout)")
            let after = try String(contentsOfFile: file, encoding: .utf8)
            let added = after.split(separator: "\n").filter { !before.split(separator: "\n").contains($0) }
            #expect(added == ["  - {name: web2, size: 10G}"], "\(after)")
            #expect(before.split(separator: "\n").allSatisfy { after.contains($0) }, "every old line, comments too, is kept")
            let g = try CLI.run(["guests", file])
            #expect(g.status == 0)
            #expect(g.stdout.contains("# web2 (/dev/md5)\ndisk = ['phy:/dev/disk/by-id/md-name-xen1:web2,xvda,w']\n"), "\(g.stdout)")
            let lv = try CLI.run(["guests", file, "--libvirt"])
            #expect(lv.stdout.contains("<source dev='/dev/disk/by-id/md-name-xen1:web2'/>"))
        }
    }

    @Test func addGuestRefusesTakenNamesAndWhatDoesNotFitWritingNothing() throws {
        try withPlan { file, disks in
            let before = try String(contentsOfFile: file, encoding: .utf8)
            let taken = try CLI.run(["add-guest", file, "web1", "10G", "--disk", disks[0], "--disk", disks[1]])
            #expect(taken.status == 1 && taken.stderr.contains("'web1' is already in the plan"), "\(taken.stderr)")
            let big = try CLI.run(["add-guest", file, "huge", "500G", "--disk", disks[0], "--disk", disks[1]])
            #expect(big.status == 1 && big.stderr.contains("does not fit"), "\(big.stderr)")
            #expect(big.stderr.contains("Nothing was written to \(file)."))
            #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
        }
    }

    /// Errors name the file without a line it does not have (the plan has 14) and the disk that is not there.
    @Test func addGuestNamesTheMissingDiskAndNoLineOfTheNewEntry() throws {
        try withPlan { file, disks in
            let before = try String(contentsOfFile: file, encoding: .utf8)
            let size = try CLI.run(["add-guest", file, "web2", "10x", "--disk", disks[0], "--disk", disks[1]])
            #expect(size.status == 1)
            #expect(size.stderr.hasPrefix("diskplan: \(file): guests 'web2'.size: '10x' is not a size: write a number"), "\(size.stderr)")
            let big = try CLI.run(["add-guest", file, "huge", "500G", "--disk", disks[0], "--disk", disks[1]])
            #expect(big.stderr.hasPrefix("diskplan: \(file): guests 'huge'.size: does not fit"), "\(big.stderr)")
            let gone = disks[1] + ".gone"
            let missing = try CLI.run(["add-guest", file, "web2", "10G", "--disk", disks[0], "--disk", gone])
            #expect(missing.status == 1)
            #expect(missing.stderr == "diskplan: \(gone) does not exist: add-guest checks the new guest on every disk (the plan's, or those of --disk). Nothing was written to \(file).\n", "\(missing.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
        }
    }
}
