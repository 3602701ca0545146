import Foundation
import Testing

/// `import` proven by its own round trip on a real kernel, several in one boot: what it
/// writes plans as "No changes" on the same disks, or import exits 2 and names what planning
/// will do. Three pairs of disks: arrays named with mdadm's wildcard home host (`any:N`),
/// running and then stopped; msdos logical partitions with metadata 0.90, 1.0 and 1.2 and no
/// host in their names; and a plan of host xen1 looked at from this rescue system.
@Suite(.serialized)
struct ImportRoundTripTests {
    /// `NAME.status` and `NAME.txt` below $RESULTS for each command.
    static let scenario = """
        step() { name=$1; shift; "$@" > "$RESULTS/$name.txt" 2>&1; echo $? > "$RESULTS/$name.status"; }
        set -e
        echo 20000 > /proc/sys/dev/raid/speed_limit_max
        sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+256M -t2:FD00 -n3:0:+256M -t3:FD00 -n4:0:+512M -t4:FD00 /dev/vda
        sgdisk -R /dev/vdb /dev/vda; sgdisk -G /dev/vdb
        printf 'label: dos\\n,,E\\n,256M,fd\\n,256M,fd\\n,256M,fd\\n' | sfdisk -q /dev/vdc
        sfdisk -d /dev/vdc | grep -v '^label-id' | sfdisk -q /dev/vdd
        sgdisk -n1:2048:+1M -t1:EF02 -n2:0:+256M -t2:FD00 /dev/vde
        sgdisk -R /dev/vdf /dev/vde; sgdisk -G /dev/vdf
        udevadm settle
        for n in 0 1 2; do
            mdadm --create /dev/md$n --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --name=any:$n /dev/vda$((n + 2)) /dev/vdb$((n + 2))
        done
        mdadm --create /dev/md10 --run --assume-clean --level=1 --raid-devices=2 --metadata=0.90 /dev/vdc5 /dev/vdd5
        mdadm --create /dev/md11 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.0 --homehost='<none>' /dev/vdc6 /dev/vdd6
        mdadm --create /dev/md12 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --homehost='<none>' /dev/vdc7 /dev/vdd7
        mdadm --create /dev/md/root --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 --name=xen1:root /dev/vde2 /dev/vdf2
        udevadm settle
        mkswap -q /dev/md0; mkfs.ext4 -q /dev/md1; mkfs.ext4 -q /dev/md2
        mkfs.ext4 -q /dev/md10; mkswap -q /dev/md11; mkfs.ext4 -q /dev/md/root
        set +e
        mdadm --detail --export /dev/md1 > "$RESULTS/md1.env"
        # The wildcard home host, running.
        step import-any diskplan import /dev/vda /dev/vdb --out /tmp/any.yaml; cp /tmp/any.yaml "$RESULTS/any.yaml"
        step plan-any diskplan plan /tmp/any.yaml
        # The same arrays stopped (and kept so: udev's incremental assembly would start them again at
        # once): described from their superblocks, assembled by apply, then no changes.
        echo 'AUTO -all' >> /etc/mdadm/mdadm.conf
        for n in 0 1 2; do mdadm --stop /dev/md$n; done
        udevadm settle
        cat /proc/mdstat > "$RESULTS/mdstat-stopped"
        step import-stopped diskplan import /dev/vda /dev/vdb --out /tmp/stopped.yaml; cp /tmp/stopped.yaml "$RESULTS/stopped.yaml"
        step guests-stopped diskplan guests /tmp/stopped.yaml --xen
        step plan-stopped diskplan plan /tmp/stopped.yaml --json
        step apply-stopped diskplan apply /tmp/stopped.yaml --yes
        step import-started diskplan import /dev/vda /dev/vdb --out /tmp/started.yaml; cp /tmp/started.yaml "$RESULTS/started.yaml"
        step plan-started diskplan plan /tmp/started.yaml
        # msdos logical partitions, metadata 0.90, 1.0 and 1.2, names without a host.
        step import-meta diskplan import /dev/vdc /dev/vdd --out /tmp/meta.yaml; cp /tmp/meta.yaml "$RESULTS/meta.yaml"
        step plan-meta diskplan plan /tmp/meta.yaml
        # A plan of host xen1 whose root is md2, looked at from this rescue system, which runs it as md127.
        step import-xen1 diskplan import /dev/vde /dev/vdf --host xen1 --out /tmp/xen1.yaml
        sed 's/^    md: [0-9]*  #.*/    md: 2/' /tmp/xen1.yaml > /tmp/xen1-md2.yaml; cp /tmp/xen1-md2.yaml "$RESULTS/xen1-md2.yaml"
        step plan-xen1 diskplan plan /tmp/xen1-md2.yaml
        for md in /dev/md0 /dev/md1 /dev/md2 /dev/md10 /dev/md11 /dev/md12; do mdadm --stop $md; done
        step status-xen1 diskplan status /tmp/xen1-md2.yaml
        hostname > "$RESULTS/hostname"
        true
        """

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
        let r = try VM.run(scenario: Self.scenario, disks: disks, extraBinaries: [binary], timeout: 900)
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
