import Foundation
import Testing

/// Hot spares in the rescue VM (daytwo/spares.sh): two virtio disks and a spare, a guest
/// array's member failed with mdadm's monitor running, md rebuilding onto the spare by
/// itself, status showing it, and replace-disk making the new disk's members the spares.
@Suite(.serialized)
struct SpareVMTests {
    static let plan = """
        host: xen1
        disks: [/dev/vda, /dev/vdb]
        spares: [/dev/vdc]
        alerts: {program: /usr/local/sbin/md-alert}
        arrays:
          - {name: root, size: 256M, format: ext4, mount: /}
        guests:
          - {name: web1, size: 128M}

        """

    @Test("a spare takes over a failed guest member by itself; status shows it; replace-disk brings the spare back")
    func spareTakesOver() throws {
        let binary = try VM.releaseBinary()
        let r = try VM.run(script: "daytwo/spares.sh", disks: [.new(size: VMDisk.gib), .new(size: VMDisk.gib), .new(size: VMDisk.gib)],
                           extraBinaries: [binary], inputs: ["plan.yaml": Self.plan], timeout: 900)
        let d = { (what: String) in ApplyScenarioTests.describe(r, what) }
        let status = { (name: String) in ApplyScenarioTests.status(r, name) }
        let file = { (name: String) in r.files[name] ?? "" }
        try #require(r.exitStatus == 0, d("the scenario ran"))
        #expect(status("plan") == "2" && status("apply") == "0", d("applied"))
        #expect(file("plan.txt").contains("--spare-devices=1 --name=web1") && file("plan.txt").contains("and /dev/vdb3 (128.00 MiB), spare /dev/vdc3"), d("created with its spare"))
        #expect(file("detail-before").contains("Spare Devices : 1"), d("web1 has a spare"))
        let conf = file("mdadm.conf").split(separator: "\n").filter { $0.hasPrefix("ARRAY") }
        #expect(conf.count == 2 && conf.allSatisfy { $0.contains(" spares=1") && $0.hasSuffix(" spare-group=default") }, d("mdadm.conf: spares and the spare group"))
        #expect(file("mdadm.conf").contains("PROGRAM /usr/local/sbin/md-alert"), d("the alert program"))
        #expect(status("status") == "0" && file("status.txt").contains("/dev/vdc3  spare"), d("healthy with its spare"))
        #expect(status("import") == "0" && file("imported.yaml").contains("\ndisks: [/dev/vda, /dev/vdb]  #")
                && file("imported.yaml").contains("\nspares: [/dev/vdc]  #"), d("import names the spare"))
        #expect(status("plan-imported") == "0", d("the imported plan shows no changes"))

        #expect(file("alerts.log").contains("SpareActive /dev/md1"), d("the monitor reported the spare taking over"))
        #expect(file("detail-takeover").contains("active sync   /dev/vdc3"), d("md rebuilt onto the spare"))
        #expect(status("status-takeover") == "2", d("degraded while the failed member is listed"))
        let takeover = file("status-takeover.txt")
        #expect(takeover.contains("/dev/vdc3  active  (the plan's spare)") && takeover.contains("/dev/vdb3  faulty"), d("status shows the takeover"))
        #expect(takeover.contains("/dev/vdc3, the plan's spare, is an active member in slot 1: it took the place of a failed member"), d("noted"))
        #expect(status("status-removed") == "2" && file("status-removed.txt").contains("/dev/md1: has no spare; the plan gives it 1 (/dev/vdb3 is not in the array)"),
                d("a missing spare is drift"))

        #expect(status("replace") == "0" && file("replace.txt").contains("Add /dev/vdb3 to RAID1 /dev/md1 'xen1:web1' (128.00 MiB) as its hot spare")
                && file("replace.txt").contains("Every array has its new member, as a hot spare"), d("replace-disk: the spares took over, the new members become spares"))
        #expect(file("detail-after").contains("spare   /dev/vdb3") || file("detail-after").contains("spare /dev/vdb3"), d("the new member is the spare"))
        #expect(status("status-after") == "0" && file("status-after.txt").contains("Healthy and as planned."), d("as planned again"))
        #expect(file("sha-before") == file("sha-takeover") && file("sha-before") == file("sha-after") && file("sha-before").count >= 64, d("web1's data unchanged"))
    }
}
