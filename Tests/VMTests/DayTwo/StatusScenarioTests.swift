import Foundation
import Testing

/// `diskplan status` on a real kernel: after apply, and after a disk was
/// replaced by a blank one.
@Suite(.serialized)
struct StatusScenarioTests {
    static func json(_ r: VMResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data((r.files["status.json"] ?? "").utf8)) as? [String: Any],
                     ApplyScenarioTests.describe(r, "status --json is one object"))
    }

    static func arrays(_ doc: [String: Any]) -> [[String: Any]] { doc["arrays"] as? [[String: Any]] ?? [] }

    @Test("after apply status exits 0; with the second disk replaced by a blank one it exits 2 and names every degraded array and the disk")
    func healthyThenDegraded() throws {
        let binary = try VM.releaseBinary()
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }
        let plan = try ApplyScenarioTests.plan("xen-host.yaml")
        // Resync capped as in the apply scenarios; --watch follows it for a few seconds, then every sync is frozen and the watch ends.
        let first = try VM.run(script: "daytwo/status-healthy.sh", disks: [.new(size: 200 * ApplyScenarioTests.gb), .new(size: 200 * ApplyScenarioTests.gb)], keepDisksIn: keep,
            extraBinaries: [binary], inputs: ["plan.yaml": plan], timeout: 600)
        try #require(first.exitStatus == 0, ApplyScenarioTests.describe(first))
        #expect(ApplyScenarioTests.status(first, "apply") == "0", ApplyScenarioTests.describe(first))
        #expect(ApplyScenarioTests.status(first, "status") == "0", ApplyScenarioTests.describe(first, "healthy and as planned while md resyncs"))
        let text = first.files["status.txt"] ?? ""
        #expect(text.contains("Healthy and as planned."), ApplyScenarioTests.describe(first))
        #expect(text.contains(/md0  xen1:swap  RAID1 +[0-9.]+ GiB  resyncing [0-9.]+%, [0-9.]+ [KM]iB\/s, [0-9hms]+ left/), ApplyScenarioTests.describe(first))
        #expect(text.contains(/md2  xen1:root  RAID1 +[0-9.]+ GiB  resyncing delayed/), ApplyScenarioTests.describe(first))
        #expect(ApplyScenarioTests.status(first, "status-json") == "0" && ApplyScenarioTests.status(first, "status-prom") == "0", ApplyScenarioTests.describe(first))
        let healthy = try Self.json(first)
        #expect(healthy["exit_status"] as? Int == 0 && healthy["as_planned"] as? Bool == true, ApplyScenarioTests.describe(first))
        #expect(Self.arrays(healthy).map { $0["healthy"] as? Bool } == Array(repeating: true, count: 5), ApplyScenarioTests.describe(first))
        #expect(first.files["status.prom"]?.contains("\ndiskplan_status 0\n") == true, ApplyScenarioTests.describe(first))
        // --watch: plain lines (not a terminal), then the status once nothing moves.
        let watch = first.files["watch.txt"] ?? ""
        #expect(ApplyScenarioTests.status(first, "watch") == "0", ApplyScenarioTests.describe(first, "watch ends when every sync is frozen"))
        #expect(watch.contains(/md0 xen1:swap resyncing [0-9.]+%/) && watch.contains("md1 xen1:boot resyncing delayed"), ApplyScenarioTests.describe(first))
        #expect(watch.contains("md0 xen1:swap resyncing pending at") && watch.hasSuffix("Healthy and as planned.\n"), ApplyScenarioTests.describe(first))

        // Second boot: the second disk is replaced by a blank one. udev assembles what it finds but leaves
        // the degraded arrays inactive (no mdadm-last-resort timer without systemd as PID 1); as the
        // installed host would, they are assembled from its mdadm.conf, degraded, under the planned names.
        let second = try VM.run(script: "daytwo/status-degraded.sh", disks: [VMDisk.kept(in: keep, count: 1)[0], .new(size: 200 * ApplyScenarioTests.gb)], extraBinaries: [binary],
            inputs: ["plan.yaml": plan, "mdadm.conf": first.files["mdadm.conf"] ?? ""], timeout: 300)
        try #require(second.exitStatus == 0, ApplyScenarioTests.describe(second))
        #expect(ApplyScenarioTests.status(second, "assemble") == "0", ApplyScenarioTests.describe(second))
        #expect(ApplyScenarioTests.status(second, "status") == "2", ApplyScenarioTests.describe(second, "degraded: exit 2"))
        let degraded = second.files["status.txt"] ?? ""
        let names = ["swap", "boot", "root", "ns1", "web1"]
        for (n, name) in names.enumerated() {
            #expect(degraded.contains(try Regex("md\(n)  xen1:\(name) +RAID1 +[0-9.]+ [GM]iB  degraded\\n +/dev/vda\(n + 2)  active\\n +/dev/vdb\(n + 2)  missing\\n")),
                    ApplyScenarioTests.describe(second, "md\(n) degraded, vdb\(n + 2) missing"))
        }
        #expect(degraded.contains("/dev/vdb: holds none of the plan's 6 partitions (a blank or replaced disk?)"), ApplyScenarioTests.describe(second))
        #expect(degraded.contains("Not healthy: md0 (degraded), md1 (degraded), md2 (degraded), md3 (degraded), md4 (degraded)."), ApplyScenarioTests.describe(second))

        #expect(ApplyScenarioTests.status(second, "status-json") == "2", ApplyScenarioTests.describe(second))
        let doc = try Self.json(second)
        #expect(doc["exit_status"] as? Int == 2 && doc["healthy"] as? Bool == false, ApplyScenarioTests.describe(second))
        #expect(Self.arrays(doc).map { $0["condition"] as? String } == Array(repeating: "degraded", count: 5), ApplyScenarioTests.describe(second))
        #expect(Self.arrays(doc).map { ($0["members"] as? [[String: Any]])?.map { $0["state"] as? String } ?? [] }
                == Array(repeating: ["active", "missing"], count: 5), ApplyScenarioTests.describe(second))
        let drift = doc["drift"] as? [[String: Any]] ?? []
        #expect(drift.map { "\($0["kind"] ?? "") \($0["device"] ?? "")" } == ["missing_disk /dev/vdb"], ApplyScenarioTests.describe(second))

        #expect(ApplyScenarioTests.status(second, "status-prom") == "2", ApplyScenarioTests.describe(second))
        let prom = second.files["status.prom"] ?? ""
        #expect(prom.contains("\ndiskplan_status 2\n") && prom.contains("\ndiskplan_drift_findings{kind=\"missing_disk\"} 1\n"), ApplyScenarioTests.describe(second))
        for (n, name) in names.enumerated() {
            #expect(prom.contains("\ndiskplan_array_healthy{md=\"md\(n)\",name=\"xen1:\(name)\"} 0\n")
                    && prom.contains("\ndiskplan_array_member{md=\"md\(n)\",name=\"xen1:\(name)\",device=\"/dev/vdb\(n + 2)\",state=\"missing\"} 1\n"),
                    ApplyScenarioTests.describe(second, "md\(n) in the Prometheus text"))
        }
    }
}
