import Foundation
import Testing

/// `probe` names partition types as the dry run does.
@Suite struct ProbeCLITests {
    /// The type column of each partition row, read at the header's `type` column.
    static func types(_ text: String) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        guard let header = lines.first(where: { $0.hasPrefix("  #") }), let type = header.range(of: "type"), let kind = header.range(of: "kind") else { return [] }
        let (from, to) = (header.distance(from: header.startIndex, to: type.lowerBound), header.distance(from: header.startIndex, to: kind.lowerBound))
        return lines.filter { $0.dropFirst(2).first?.isNumber == true }.map { line in
            String(line.dropFirst(from).prefix(to - from)).trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func probeNamesTypesAsThePlanDoes() throws {
        try CLI.withImages([4 << 30, 4 << 30, CLITests.tb18, CLITests.tb18]) { disks in
            _ = try CLI.tool(["sgdisk", "-n", "1:2048:+100M", "-t", "1:fd00", "-n", "2:0:+1M", "-t", "2:ef02", "-n", "3:0:+100M", "-t", "3:8300",
                              "-n", "4:0:+100M", "-t", "4:ef00", "-n", "5:0:+100M", "-t", "5:8200", "-n", "6:0:+100M", "-t", "6:8301", disks[0]])
            let r = try CLI.run(["probe", disks[0]])
            #expect(r.status == 0, "\(r.stderr)")
            let names = ["Linux RAID", "BIOS boot", "Linux filesystem", "EFI System", "Linux swap", "8da63339-0007-60c0-c436-083ac8230908"]
            #expect(Self.types(r.stdout) == names, "\(r.stdout)")

            _ = try CLI.tool(["parted", "-s", disks[1], "mklabel", "msdos", "mkpart", "primary", "1MiB", "101MiB", "set", "1", "raid", "on",
                              "mkpart", "primary", "101MiB", "201MiB", "mkpart", "primary", "201MiB", "301MiB", "set", "3", "lvm", "on"])
            let msdos = try CLI.run(["probe", disks[1]])
            #expect(Self.types(msdos.stdout) == ["Linux RAID", "Linux", "Linux LVM"], "\(msdos.stdout)")

            let plan = try CLI.run(["plan", "plans/xen-host.yaml", "--disk", disks[2], "--disk", disks[3]])
            #expect(plan.stdout.contains("type BIOS boot, name 'bios_grub'") && plan.stdout.contains("type Linux RAID, name 'md2-root'"), "\(plan.stdout)")
        }
    }
}
