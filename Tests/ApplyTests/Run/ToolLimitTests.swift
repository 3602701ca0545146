import Foundation
import Layout
import Testing

// The label limits the parser enforces are the tools' own: the longest label
// a plan may give reaches the file system whole, through the very argv the
// planner builds; one byte more, the tool itself refuses it or cuts it short.
@Suite struct ToolLimitTests {
    /// The argv of the format action of a one-array plan, aimed at `image` instead of /dev/md0.
    func formatArgv(_ format: Format, label: String, image: String) throws -> [String] {
        let text = """
            host: h
            disks: [/dev/sda, /dev/sdb]
            arrays:
              - {name: a, size: 1G, format: \(format.rawValue), label: "\(label)"}
            """
        let plan = try PlanParser.parse(text)
        let result = try Planner.plan(plan, inventory: Inventory(disks: plan.disks.map { DiskInfo(path: $0, isBlockDevice: true, sizeBytes: 10 << 30) }))
        var argv = try #require(result.actions.first { $0.kind == .makeSwap || $0.kind == .makeFilesystem }?.argv)
        #expect(argv.last == "/dev/md0")
        argv[0] = "/usr/sbin/" + argv[0]
        argv[argv.count - 1] = image
        return argv
    }

    /// What libblkid reads as the label of `image`, or nil when the tool failed.
    func labelAfterRunning(_ argv: [String]) -> String? {
        guard (try? run(argv)) != nil else { return nil }
        return (try? run(["/usr/sbin/blkid", "-p", "-s", "LABEL", "-o", "value", argv.last!]))?
            .trimmingCharacters(in: .newlines)
    }

    @Test(arguments: [Format.ext4, .xfs, .vfat, .swap])
    func longestLabelArrivesWholeOneMoreByteDoesNot(format: Format) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let limit = ToolLimits.labelBytes(format)
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let longest = String(letters.prefix(limit))

        let fits = try formatArgv(format, label: longest, image: try scratch.sparseFile("fits.img", bytes: 512 << 20))
        #expect(labelAfterRunning(fits) == longest, "\(fits)")

        // The same argv with one byte more in the label, which the parser refuses.
        #expect(throws: PlanError.self) { try formatArgv(format, label: longest + "Z", image: "-") }
        var over = try formatArgv(format, label: longest, image: try scratch.sparseFile("over.img", bytes: 512 << 20))
        over[try #require(over.firstIndex(of: longest))] = longest + "Z"
        #expect(labelAfterRunning(over) != longest + "Z", "\(over)")
    }

    @Test func mkfsFatRefusesADotWhichArrayNamesMayHold() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let image = try scratch.sparseFile("dot.img", bytes: 64 << 20)
        #expect(labelAfterRunning(["/usr/sbin/mkfs.vfat", "-F", "32", "-n", "ESP.A", image]) == nil)
        #expect(ToolLimits.labelProblem("esp.a", format: .vfat) != nil)
    }
}
