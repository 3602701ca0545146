import Foundation

/// What a resumed apply of the Xen plan must show after a cut, as a list of problems
/// (empty: the cut was survived). `reference` is the uninterrupted calibration run.
struct PowerLossChecks {
    struct Planned { var md: String; var name: String; var metadata: String; var format: String?; var label: String? }

    static let arrays: [Planned] = [
        Planned(md: "md0", name: "xen1:swap", metadata: "1.2", format: "swap", label: "swap"),
        Planned(md: "md1", name: "xen1:boot", metadata: "1.0", format: "ext4", label: "boot"),
        Planned(md: "md2", name: "xen1:root", metadata: "1.2", format: "ext4", label: "root"),
        Planned(md: "md3", name: "xen1:ns1", metadata: "1.2", format: nil, label: nil),
        Planned(md: "md4", name: "xen1:web1", metadata: "1.2", format: nil, label: nil),
    ]

    var problems: [String] = []

    init(cut: PowerCut, cutRun: VMResult, resumed r: VMResult, reference: VMResult) {
        typealias T = ApplyScenarioTests
        func need(_ ok: Bool, _ what: String) { if !ok { problems.append(what) } }
        need(r.exitStatus == 0, "the resumed boot's scenario exited \(r.exitStatus)")
        let finishedAll = cut.phase == .after && cut.lastAction == PowerCut.actionCount
        need(T.status(r, "plan") == (finishedAll ? "0" : "2"), "the dry run after the cut exited \(T.status(r, "plan") ?? "-")")
        need(T.status(r, "apply") == "0", "the same apply exited \(T.status(r, "apply") ?? "-")")
        need(T.status(r, "plan-again") == "0" && r.files["plan-again.txt"]?.contains("No changes") == true, "a re-plan after it shows changes")
        need(T.status(r, "apply-again") == "0" && r.files["apply-again.txt"]?.contains("No changes: the disks already hold this plan.") == true,
             "a second apply does something")
        checkPartitions(r, reference, need)
        checkArrays(r, need)
        if cut.phase == .superblockOnly {
            need(r.files["plan.txt"]?.contains(/Create ext4 on \/dev\/md\d+ \(label 'root'\) again: the one there is unfinished \(never mounted, and e2fsck -fn exits/) == true,
                 "the dry run does not make root's unfinished ext4 again")
        }
        checkNothingTwice(cutRun, r, remade: cut.phase == .superblockOnly ? "xen1:root" : nil, need)
    }

    /// The same partitions as the uninterrupted run, on both disks.
    func checkPartitions(_ r: VMResult, _ reference: VMResult, _ need: (Bool, String) -> Void) {
        let want = try? ApplyScenarioTests.geometry(reference.files["sfdisk-vda.json"])
        for d in ["vda", "vdb"] {
            let have = try? ApplyScenarioTests.geometry(r.files["sfdisk-\(d).json"])
            need(have != nil && have == want, "/dev/\(d)'s partitions \(have.map { "\($0)" } ?? "-") are not the uninterrupted run's \(want.map { "\($0)" } ?? "-")")
        }
    }

    /// Every array runs by its name with both members, its level, metadata, format and label;
    /// ext4 checks clean; mdadm.conf lists it under its planned node.
    func checkArrays(_ r: VMResult, _ need: (Bool, String) -> Void) {
        let mdstat = r.files["mdstat"] ?? ""
        let conf = r.files["mdadm.conf"] ?? ""
        for a in Self.arrays {
            guard let node = ApplyScenarioTests.node(r, a.name) else { need(false, "no array named \(a.name) runs"); continue }
            let x = ApplyScenarioTests.export(r, node)
            need(x["MD_LEVEL"] == "raid1" && x["MD_METADATA"] == a.metadata && x["MD_DEVICES"] == "2",
                 "\(a.name) on \(node): level \(x["MD_LEVEL"] ?? "-"), metadata \(x["MD_METADATA"] ?? "-"), devices \(x["MD_DEVICES"] ?? "-")")
            need(mdstat.contains(try! Regex("\(node) : active [^\\n]*\\n[^\\n]*\\[2/2\\] \\[UU\\]")), "\(a.name) on \(node) is not active with [UU]")
            let blkid = r.files["blkid-\(node)"] ?? ""
            if let format = a.format {
                need(blkid.contains("TYPE=\(format)\n") && blkid.contains("LABEL=\(a.label!)\n"), "\(a.name) on \(node) holds \(blkid), not \(format) '\(a.label!)'")
            } else {
                need(!blkid.contains("TYPE="), "the raw guest array \(a.name) on \(node) holds \(blkid)")
            }
            if a.format == "ext4" {
                need(r.files["fsck-\(node).status"]?.trimmingCharacters(in: .whitespacesAndNewlines) == "0",
                     "e2fsck -fn of \(a.name) on \(node): \(r.files["fsck-\(node)"] ?? "did not run")")
            }
            need(conf.contains(try! Regex("ARRAY /dev/\(a.md) [^\\n]*name=\(a.name)")), "mdadm.conf has no line for /dev/\(a.md) \(a.name):\n\(conf)")
        }
    }

    /// An array or file system whose action the cut run's journal records as done keeps its UUID.
    func checkNothingTwice(_ cutRun: VMResult, _ r: VMResult, remade: String?, _ need: (Bool, String) -> Void) {
        let done = (cutRun.files["journal"] ?? "").split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count >= 5 && $0[4] == "done" }.map { ($0[2], $0[3]) }
        for (kind, device) in done where ["create_array", "make_filesystem", "make_swap"].contains(kind) {
            guard let a = Self.arrays.first(where: { "/dev/\($0.md)" == device }), !(kind == "make_filesystem" && a.name == remade) else { continue }
            guard let beforeFile = cutRun.files.first(where: { $0.key.hasPrefix("before-export-") && $0.value.contains("MD_NAME=\(a.name)\n") }),
                  let node = ApplyScenarioTests.node(r, a.name) else {
                need(false, "\(a.name): done before the cut, but not found running then and now"); continue
            }
            let wasNode = String(beforeFile.key.dropFirst("before-export-".count))
            let before = ApplyScenarioTests.keyValues(beforeFile.value)
            if kind == "create_array" {
                let after = ApplyScenarioTests.export(r, node)
                need(before["MD_UUID"] != nil && before["MD_UUID"] == after["MD_UUID"],
                     "\(a.name) was created again: uuid \(before["MD_UUID"] ?? "-") before the cut, \(after["MD_UUID"] ?? "-") after")
            } else {
                let was = ApplyScenarioTests.keyValues(cutRun.files["before-blkid-\(wasNode)"])["UUID"]
                let now = ApplyScenarioTests.keyValues(r.files["blkid-\(node)"])["UUID"]
                need(was != nil && was == now, "the \(a.format ?? "") on \(a.name) was made again: uuid \(was ?? "-") before the cut, \(now ?? "-") after")
            }
        }
    }
}
