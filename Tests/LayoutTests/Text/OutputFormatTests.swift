import Foundation
import Testing
@testable import Layout

@Suite struct OutputFormatTests {
    func xenResult() throws -> PlanResult {
        let p = try Fixtures.plan("xen-host.yaml")
        return try Planner.plan(p, inventory: Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18))
    }

    @Test func colouredDryRunIsThePlainOneWithEscapeCodesAround() throws {
        let r = try xenResult()
        let plain = Render.human(r, planFile: "plans/xen-host.yaml")
        let ansi = Render.human(r, planFile: "plans/xen-host.yaml", style: .ansi)
        #expect(!plain.contains("\u{1B}"))
        #expect(ansi.replacing(/\x1B\[[0-9;]*m/, with: "") == plain)
        #expect(ansi.contains("\u{1B}[32mCreate GPT on /dev/sda\u{1B}[0m"))
        #expect(ansi.contains("\u{1B}[33m27 action(s) pending. Nothing was written.\u{1B}[0m"))
        #expect(ansi.contains("\u{1B}[2m$ mdadm --create /dev/md0"))
    }

    @Test func wipesAreRed() {
        let wipe = Action(.wipeDisk(disk: "/dev/sdb", ranges: []), device: "/dev/sdb", summary: "Wipe /dev/sdb")
        #expect(TextStyle.ansi.action(wipe, wipe.summary) == "\u{1B}[1;31mWipe /dev/sdb\u{1B}[0m")
        #expect(TextStyle.plain.action(wipe, wipe.summary) == "Wipe /dev/sdb")
    }

    @Test func applyEventsAreOneObjectPerLineWithSnakeCaseKeys() throws {
        let r = try xenResult()
        let first = try ApplyEvent.line(ApplyEvent.ActionFinished(index: 1, total: 27, action: r.actions[0], state: "done"))
        #expect(first == #"{"device":"/dev/sda","event":"action","index":1,"kind":"create_table","state":"done","summary":"Create GPT on /dev/sda","total":27}"# + "\n")

        let report = ApplyEvent.Report(plan: "plans/xen-host.yaml", host: "xen1", done: 0, skipped: 0, arrays: r.arrays.map { TargetArray.JSON($0) },
                                       fstab: ["UUID=x  /  ext4  defaults  0  1  # /dev/md2 xen1:root"], mdadmConf: "/etc/mdadm/mdadm.conf")
        let text = try ApplyEvent.line(report)
        #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(doc["event"] as? String == "report" && doc["changed"] as? Bool == false)
        #expect(doc["mdadm_conf"] as? String == "/etc/mdadm/mdadm.conf")
        let arrays = try #require(doc["arrays"] as? [[String: Any]])
        #expect(arrays.map { $0["md"] as? String } == ["/dev/md0", "/dev/md1", "/dev/md2", "/dev/md3", "/dev/md4"])
        #expect(arrays[2]["size_bytes"] as? Int == Int(r.arrays[2].sizeBytes))
        #expect(ApplyEvent.Report(plan: "p", host: "h", done: 3, skipped: 1, arrays: [], fstab: [], mdadmConf: nil).changed)
    }

    @Test func aStepShowsAsItStartsAndEndsAndAFailedOneEndsWithItsOwnLine() throws {
        let a = try xenResult().actions[0]
        let start = try ApplyEvent.line(ApplyEvent.ActionStarted(index: 1, total: 27, action: a))
        #expect(start == #"{"device":"/dev/sda","event":"start","index":1,"kind":"create_table","summary":"Create GPT on /dev/sda","total":27}"# + "\n")
        let failed = try ApplyEvent.line(ApplyEvent.ActionFailed(index: 1, total: 27, action: a, error: "command failed (exit 1): mdadm", elapsedSeconds: 1.234))
        #expect(failed == #"{"device":"/dev/sda","elapsed_seconds":1.2,"error":"command failed (exit 1): mdadm","event":"failed","index":1,"kind":"create_table","summary":"Create GPT on /dev/sda","total":27}"# + "\n")
        #expect(ApplyEvent.text(index: 1, total: 27, action: a, state: "running", elapsed: nil) == "[1/27] Create GPT on /dev/sda ...\n")
        #expect(ApplyEvent.text(index: 1, total: 27, action: a, state: "done", elapsed: 0.4) == "[1/27] Create GPT on /dev/sda: done\n", "a short step: no time")
        #expect(ApplyEvent.text(index: 1, total: 27, action: a, state: "done", elapsed: 5.26) == "[1/27] Create GPT on /dev/sda: done after 5.3s\n")
        #expect(ApplyEvent.text(index: 1, total: 27, action: a, state: "skipped: already on disk", elapsed: 72) == "[1/27] Create GPT on /dev/sda: skipped: already on disk after 1m12s\n")
        #expect(ApplyEvent.text(index: 1, total: 27, action: a, state: "failed", elapsed: 0.2) == "[1/27] Create GPT on /dev/sda: failed after 0.2s\n")
        #expect(ApplyEvent.text(index: 1, total: 27, action: a, state: "failed", elapsed: 0.2, style: .ansi).contains("\u{1B}[1;31mfailed\u{1B}[0m"))
    }

    /// A signature reads the same in every output; the probe report adds the version and the sub-UUID.
    @Test func aSignatureIsWrittenOneWay() {
        let md = Signature(type: "linux_raid_member", usage: "raid", uuid: "u-1", subUUID: "s-1", label: "xen1:root", version: "1.2")
        let fs = Signature(type: "ext4", usage: "filesystem", uuid: "f-1", label: "data", version: "1.0")
        #expect(md.described == "md member (metadata 1.2, array xen1:root, UUID u-1)")
        #expect(md.detailed == "md member (metadata 1.2, array xen1:root, UUID u-1, sub-UUID s-1)")
        #expect(fs.described == "ext4 (label 'data', UUID f-1)")
        #expect(fs.detailed == "ext4 (version 1.0, label 'data', UUID f-1)")
        #expect(Signature(type: "LVM2_member").described == "LVM2_member")
    }
}
