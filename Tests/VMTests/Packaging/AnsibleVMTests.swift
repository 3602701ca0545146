import Foundation
import Testing

/// The Ansible collection applied on the rescue system: the VM boots the rescue image with
/// Debian's ansible-core (bookworm: 2.14), gets a checkout's `ansible/` and `plans/` and the
/// `.deb` of scripts/release, and runs the example playbook (ansible/examples/playbook.yml)
/// against itself (connection: local, so the module runs on the rescue system as it would
/// over SSH) on two blank disks: check mode, apply, the same apply again, and a guest that
/// does not fit. Each run keeps the module's result through the playbook's report
/// (register, then copy to $RESULTS); the disks are examined after each run, so a module
/// that reports what did not happen fails here.
@Suite(.serialized)
struct AnsibleVMTests {
    static let server = "xen7.example.net"
    static let names = ["swap", "boot", "root", "ns1", "web1"]

    /// The Xen example plan at small sizes (the same arrays, formats and guests), so that mkfs
    /// and the capped resync stay short under emulation; 3.5 GiB stay free on 8 GB disks.
    static func smallXenPlan() throws -> String {
        var text = try ApplyScenarioTests.plan("xen-host.yaml")
        for (from, to) in [("size: 4G,", "size: 256M,"), ("size: 1G,", "size: 256M,"), ("size: 30G,", "size: 2G,"),
                           ("size: 20G}", "size: 1G}"), ("size: 100G}", "size: 1G}")] {
            try #require(text.contains(from), "plans/xen-host.yaml has \(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        return text
    }

    @Test("ansible-core 2.14 on the rescue system runs the example playbook: check mode lists the actions, apply returns the kernel's array sizes, again is unchanged, a guest that does not fit fails with diskplan's message")
    func examplePlaybookOnRescueSystem() throws {
        let package = try VM.releasePackage()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vm-ansible-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let checkout = work.appendingPathComponent("checkout.tar").path
        let tar = try VM.runProcess(["/usr/bin/tar", "-C", VM.repoRoot.path, "-cf", checkout, "ansible", "plans"],
                                    log: work.appendingPathComponent("tar.log"), timeout: 120)
        try #require(tar == 0, "tar of ansible/ and plans/")
        let small = try Self.smallXenPlan()
        let inventory = """
            [rescue]
            \(Self.server) ansible_connection=local ansible_python_interpreter=/usr/bin/python3 \
            diskplan_disks='["/dev/disk/by-id/virtio-vmdisk0", "/dev/disk/by-id/virtio-vmdisk1"]'

            """
        let r = try VM.run(script: "packaging/ansible-playbook.sh", disks: [.new(size: 8 * VMDisk.gib), .new(size: 8 * VMDisk.gib)],
                           inputs: ["inventory.ini": inventory, "xen-small.yaml": small,
                                    "xen-too-big.yaml": small + "  - {name: db1,  size: 50G}\n"],
                           inputFiles: ["checkout.tar": checkout, URL(fileURLWithPath: package.deb).lastPathComponent: package.deb],
                           timeout: 600, image: .ansible)
        // The VM's account (each run's time and recap), next to the package it tested.
        try? Data((r.output + "(VM wall time \(Int(r.seconds)) s)\n").utf8).write(to: URL(fileURLWithPath: package.deb)
            .deletingLastPathComponent().appendingPathComponent("ansible-vm-output.log"))
        let run = Run(r)
        try #require(r.exitStatus == 0, run.describe("the scenario ran to its end"))
        #expect(run.file("ansible-version.txt").hasPrefix("ansible-playbook [core 2.14."), run.describe("Debian's ansible-core 2.14"))
        try checkMode(run)
        let applied = try apply(run)
        try again(run, applied)
        try tooBig(run, applied)
    }

    /// --check --diff: changed, every action listed and in the diff; the disks stay blank.
    func checkMode(_ run: Run) throws {
        let res = try run.result("check")
        #expect(run.file("check/status") == "0" && run.recap("check").contains("failed=0"), run.describe("check mode succeeds"))
        #expect(res["changed"] as? Bool == true && res["pending"] as? Bool == true, run.describe("check mode: changed, pending"))
        let actions = res["actions"] as? [[String: Any]] ?? []
        #expect(actions.count == 27, run.describe("check mode lists the 27 actions"))
        #expect(actions.first?["summary"] as? String == "Create GPT on /dev/disk/by-id/virtio-vmdisk0", run.describe("the first action"))
        #expect(actions.filter { $0["kind"] as? String == "create_array" }.count == 5, run.describe("five arrays to create"))
        let diff = (res["diff"] as? [String: Any])?["prepared"] as? String ?? ""
        #expect(diff.contains("diskplan would run 27 action(s):") && diff.contains("$ mdadm --create /dev/md2 --run --level=1"),
                run.describe("the action list with its commands is the diff"))
        #expect(run.log("check").contains("diskplan would run 27 action(s):"), run.describe("--diff shows it"))
        #expect((res["arrays"] as? [[String: Any]] ?? []).map { $0["name"] as? String } == Self.names.map { "xen7:\($0)" },
                run.describe("the planned arrays, named after the server"))
        // Nothing written: no array, no table.
        #expect(!run.file("check/mdstat").contains(" : active"), run.describe("no array after check mode"))
        for d in ["vda", "vdb"] {
            #expect(run.file("check/sfdisk-\(d)").contains("does not contain a recognized partition table"), run.describe("\(d) blank after check mode"))
        }
    }

    /// Apply: changed, every action done, the arrays with the sizes the kernel reports; the disks hold them.
    /// Returns each array's UUID by md device.
    func apply(_ run: Run) throws -> [String: String] {
        let res = try run.result("apply")
        try #require(run.file("apply/status") == "0" && run.recap("apply").contains("failed=0"), run.describe("apply succeeds"))
        #expect(res["changed"] as? Bool == true && res["pending"] as? Bool == false, run.describe("apply: changed"))
        let actions = res["actions"] as? [[String: Any]] ?? []
        #expect(actions.count == 27 && actions.allSatisfy { $0["state"] as? String == "done" }, run.describe("27 actions done"))
        let arrays = res["arrays"] as? [[String: Any]] ?? []
        #expect(arrays.map { $0["md"] as? String } == (0..<5).map { "/dev/md\($0)" }, run.describe("md0-md4 returned"))
        let mdstat = run.file("apply/mdstat")
        var uuids: [String: String] = [:]
        for (i, name) in Self.names.enumerated() {
            let md = "md\(i)"
            let array = arrays.first { $0["md"] as? String == "/dev/\(md)" }
            let kernel = UInt64(run.file("apply/size-\(md)"))
            #expect(kernel != nil && kernel! > 0 && (array?["size_bytes"] as? NSNumber)?.uint64Value == kernel,
                    run.describe("\(md): size_bytes is the kernel's size (\(kernel.map(String.init) ?? "none"))"))
            #expect(array?["name"] as? String == "xen7:\(name)", run.describe("\(md) named xen7:\(name)"))
            #expect(mdstat.contains(try Regex("\(md) : active raid1 [^\\n]*\\n[^\\n]*\\[2/2\\] \\[UU\\]")), run.describe("\(md) active raid1 [UU]"))
            let export = run.keyValues("apply/export-\(md)")
            #expect(export["MD_NAME"] == "xen7:\(name)" && export["MD_LEVEL"] == "raid1", run.describe("\(md) superblock"))
            uuids[md] = export["MD_UUID"]
            #expect(run.file("apply/mdadm.conf").contains(try Regex("ARRAY /dev/md\\d metadata=1\\.[02] name=xen7:\(name) UUID=\(export["MD_UUID"] ?? "-")")),
                    run.describe("mdadm.conf has xen7:\(name)"))
        }
        #expect(run.keyValues("apply/blkid-md0")["TYPE"] == "swap", run.describe("md0 swap"))
        for (md, label) in [("md1", "boot"), ("md2", "root")] {
            let blkid = run.keyValues("apply/blkid-\(md)")
            #expect(blkid["TYPE"] == "ext4" && blkid["LABEL"] == label, run.describe("\(md) ext4 \(label)"))
        }
        for md in ["md3", "md4"] { #expect(run.keyValues("apply/blkid-\(md)")["TYPE"] == nil, run.describe("guest \(md) stays raw")) }
        // fstab lines by the UUIDs the file systems on the arrays carry.
        let fstab = res["fstab"] as? [String] ?? []
        let uuid = { (md: String) in run.keyValues("apply/blkid-\(md)")["UUID"] ?? "-" }
        #expect(fstab == ["UUID=\(uuid("md0"))  none  swap  sw  0  0  # /dev/md0 xen7:swap",
                          "UUID=\(uuid("md1"))  /boot  ext4  defaults  0  2  # /dev/md1 xen7:boot",
                          "UUID=\(uuid("md2"))  /  ext4  defaults  0  1  # /dev/md2 xen7:root"], run.describe("fstab lines returned: \(fstab)"))
        return uuids
    }

    /// The same apply again: nothing changes in the whole play, the same arrays with the same sizes.
    func again(_ run: Run, _ uuids: [String: String]) throws {
        let res = try run.result("again")
        #expect(run.file("again/status") == "0" && run.recap("again").contains("changed=0") && run.recap("again").contains("failed=0"),
                run.describe("the second run: ok, changed=0"))
        #expect(res["changed"] as? Bool == false && res["pending"] as? Bool == false, run.describe("again: not changed"))
        #expect((res["actions"] as? [Any])?.isEmpty == true, run.describe("again: no action ran"))
        let arrays = res["arrays"] as? [[String: Any]] ?? []
        #expect(arrays.count == 5, run.describe("again: the five arrays"))
        for (md, uuid) in uuids {
            #expect(run.keyValues("again/export-\(md)")["MD_UUID"] == uuid, run.describe("\(md) is the same array"))
            let size = arrays.first { $0["md"] as? String == "/dev/\(md)" }?["size_bytes"] as? NSNumber
            #expect(size?.stringValue == run.file("again/size-\(md)"), run.describe("again: \(md) size as the kernel's"))
        }
        for d in ["vda", "vdb"] {
            #expect(run.file("again/sfdisk-\(d)") == run.file("apply/sfdisk-\(d)"), run.describe("\(d): table unchanged"))
        }
    }

    /// A guest that does not fit: the task fails with diskplan's message; nothing on the disks changes.
    func tooBig(_ run: Run, _ uuids: [String: String]) throws {
        let res = try run.result("too-big")
        #expect(run.file("too-big/status") == "2" && run.recap("too-big").contains("failed=1"), run.describe("the playbook fails for the server"))
        #expect(res["failed"] as? Bool == true && res["changed"] as? Bool == false, run.describe("failed, not changed"))
        let msg = res["msg"] as? String ?? ""
        #expect(msg.hasPrefix("plan (inline):") && msg.contains("guests 'db1'.size: does not fit: each of the 2 disks needs 50.00 GiB for it"),
                run.describe("diskplan's message: \(msg)"))
        for (md, uuid) in uuids { #expect(run.keyValues("too-big/export-\(md)")["MD_UUID"] == uuid, run.describe("\(md) untouched")) }
        for d in ["vda", "vdb"] {
            #expect(run.file("too-big/sfdisk-\(d)") == run.file("apply/sfdisk-\(d)"), run.describe("\(d): table unchanged"))
        }
        #expect(run.file("too-big/mdstat").components(separatedBy: " : active").count == 6, run.describe("five arrays still run"))
    }

    /// The files of one boot, by step.
    struct Run {
        var r: VMResult
        init(_ r: VMResult) { self.r = r }

        func file(_ name: String) -> String { r.files[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        func log(_ step: String) -> String { file("\(step)/log") }
        func recap(_ step: String) -> String {
            let lines = log(step).split(separator: "\n")
            guard let i = lines.firstIndex(where: { $0.hasPrefix("PLAY RECAP") }), i + 1 < lines.count else { return "" }
            return String(lines[i + 1])
        }
        /// The module's result as the playbook saved it.
        func result(_ step: String) throws -> [String: Any] {
            let text = try #require(r.files["\(step)/\(AnsibleVMTests.server).json"], describe("\(step): the playbook saved the result"))
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], describe("\(step): JSON"))
        }
        func keyValues(_ name: String) -> [String: String] {
            Dictionary(file(name).split(separator: "\n").compactMap { line -> (String, String)? in
                let kv = line.split(separator: "=", maxSplits: 1)
                return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
            }, uniquingKeysWith: { a, _ in a })
        }
        func describe(_ what: String) -> Comment {
            let logs = ["check", "apply", "again", "too-big"].map { "--- \($0)/log\n\(log($0).suffix(3000))" }.joined(separator: "\n")
            return Comment(rawValue: "\(what)\nexit \(r.exitStatus) after \(r.seconds)s\n--- output\n\(r.output.suffix(4000))\n\(logs)\n--- console\n\(r.console.suffix(1500))")
        }
    }
}
