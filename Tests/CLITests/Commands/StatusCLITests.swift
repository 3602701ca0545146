import Foundation
import Testing

/// `diskplan status` on sparse images (no md here: md runs in the VM tests):
/// exit status and output forms, a missing disk, usage errors.
@Suite struct StatusCLITests {
    @Test func blankImagesHoldNoneOfThePlanExitTwo() throws {
        try CLI.withImages([CLITests.tb18, CLITests.tb18]) { disks in
            let args = ["status", "plans/xen-host.yaml", "--disk", disks[0], "--disk", disks[1]]
            let text = try CLI.run(args)
            #expect(text.status == 2, "\(text.stderr)")
            #expect(text.stdout.hasPrefix("Status of plans/xen-host.yaml for host xen1 on \(disks[0]), \(disks[1])\n\nmd0  xen1:swap  RAID1  -  not created\n"))
            #expect(text.stdout.contains("  - /dev/md2: xen1:root (RAID1, 30.00 GiB) is not on the disks\n"))
            let json = try CLI.run(args + ["--json"])
            #expect(json.status == 2)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(doc["exit_status"] as? Int == 2 && doc["healthy"] as? Bool == false)
            #expect((doc["arrays"] as? [[String: Any]])?.map { $0["condition"] as? String } == Array(repeating: "not_created", count: 5))
            let prom = try CLI.run(args + ["--prometheus"])
            #expect(prom.status == 2)
            #expect(prom.stdout.contains("\ndiskplan_status 2\n") && prom.stdout.contains("\ndiskplan_drift_findings{kind=\"missing_array\"} 5\n"))
        }
    }

    @Test func aMissingDiskIsNamedAndTheRestStillChecked() throws {
        try CLI.withImages([CLITests.tb18]) { disks in
            let gone = disks[0] + ".gone"
            let r = try CLI.run(["status", "plans/xen-host.yaml", "--disk", disks[0], "--disk", gone])
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stdout.contains("  - \(gone): cannot be read: does not exist\n"))
        }
    }

    @Test func errorsExitOneAndUsageErrorsAreRefused() throws {
        let count = try CLI.run(["status", "plans/xen-host.yaml", "--disk", "/dev/null"])
        #expect(count.status == 1)
        #expect(count.stderr == "diskplan: plans/xen-host.yaml:4: disks: the plan names 2 disks but --disk gave 1; give one --disk per disk, in order\n")
        let missing = try CLI.run(["status", "plans/no-such-plan.yaml"])
        #expect(missing.status == 1 && missing.stderr == "diskplan: cannot read plans/no-such-plan.yaml: No such file or directory\n")
        let both = try CLI.run(["status", "plans/xen-host.yaml", "--json", "--prometheus"])
        #expect(both.status == 1 && both.stderr.contains("--json and --prometheus exclude each other"))
        let watch = try CLI.run(["status", "plans/xen-host.yaml", "--watch", "--json"])
        #expect(watch.status == 1 && watch.stderr.contains("--watch shows progress for a reader"))
    }
}
