import Foundation
import Testing

/// `save-guest` and `restore-guest` on a real kernel, and the plan's alerts reaching a program
/// through mdadm's monitor (daytwo/guest-save.sh).
@Suite(.serialized)
struct GuestSaveTests {
    static let plan = """
        host: xen1
        disks: [/dev/vda, /dev/vdb]
        alerts:
          program: /usr/local/sbin/md-alert
        arrays:
          - {name: root, md: 0, size: 64M, format: ext4, mount: /}
        guests:
          - {name: web1, size: 48M}
          - {name: tiny, size: 8M}

        """

    static func file(_ r: VMResult, _ name: String) -> String {
        (r.files[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a guest saved sparse and through a pipe, restored into a guest added later with its checksum equal; refusals write nothing; a failed member reaches the alert program")
    func saveRestoreAndAlerts() throws {
        let binary = try VM.releaseBinary()
        let r = try VM.run(script: "daytwo/guest-save.sh", disks: [.new(size: 1 << 30), .new(size: 1 << 30)],
                           extraBinaries: [binary], inputs: ["plan.yaml": Self.plan], timeout: 900)
        let d = { (what: String) in ApplyScenarioTests.describe(r, what) }
        try #require(r.exitStatus == 0, d("the scenario ran"))
        #expect(ApplyScenarioTests.status(r, "apply") == "0", d("apply"))
        // Alerts: the live apply set PROGRAM in the system's mdadm.conf.
        #expect(Self.file(r, "mdadm.conf").contains("\nPROGRAM /usr/local/sbin/md-alert"), d("mdadm.conf has the plan's PROGRAM"))
        #expect(r.files["apply.txt"]?.contains("PROGRAM /usr/local/sbin/md-alert") == true, d("apply names the alert line it wrote"))

        // Saved from a stopped array: started by identity, stopped again; holes left out.
        #expect(ApplyScenarioTests.status(r, "save") == "0", d("save"))
        let save = r.files["save.txt"] ?? ""
        #expect(save.contains("Saved guest web1 (xen1:web1, /dev/md1) to /tmp/web1.img") && save.contains("Stopped /dev/md1 again"), d("save's report"))
        let web1 = Self.file(r, "sha-web1")
        #expect(web1.count == 64 && Self.file(r, "sha-image") == web1, d("the image's sha256sum is the guest's"))
        #expect(Self.file(r, "record").contains("sha256: \(web1)") && Self.file(r, "record").contains("guest: web1"), d("the record"))
        let allocated = UInt64(Self.file(r, "allocated")) ?? .max
        #expect(allocated < 20 << 20, d("17 MiB of data in a 47 MiB guest: \(allocated) bytes allocated"))
        #expect(!(r.files["mdstat-after-save"] ?? "").contains("md1 :"), d("md1 stopped after the save"))

        #expect(ApplyScenarioTests.status(r, "save-open") == "1", d("a read-write opener refuses the save"))
        #expect(r.files["save-open.txt"]?.contains("is in use read-write") == true && r.files["save-open.txt"]?.contains("--allow-open") == true, d("and says how to freeze"))

        // Restored into a guest added later, on the live system.
        #expect(ApplyScenarioTests.status(r, "add-copy") == "2" && ApplyScenarioTests.status(r, "apply-copy") == "0", d("copy added (add-guest exits 2: changes pending)"))
        #expect(ApplyScenarioTests.status(r, "restore") == "0", d("restore"))
        #expect(Self.file(r, "sha-copy") == web1, d("the restored guest's checksum equals the saved one"))
        #expect(ApplyScenarioTests.status(r, "restore-again") == "1" && r.files["restore-again.txt"]?.contains("pass --overwrite") == true, d("data refuses"))
        #expect(ApplyScenarioTests.status(r, "restore-smaller") == "1", d("smaller array refused"))
        #expect(r.files["restore-smaller.txt"]?.contains(try Regex("plan.yaml:9: .*guest tiny's array only")) == true, d("naming the plan's line"))
        #expect(Self.file(r, "sha-tiny").count == 64 && Self.file(r, "sha-tiny") != web1, d("tiny untouched"))
        #expect(ApplyScenarioTests.status(r, "restore-changed") == "1" && r.files["restore-changed.txt"]?.contains("the image changed since it was saved") == true, d("checksum"))
        #expect(Self.file(r, "sha-copy-unchanged") == web1, d("a changed image writes nothing"))

        // Through a pipe.
        #expect(Self.file(r, "pipe.status") == "0 0", d("save | restore"))
        #expect(Self.file(r, "sha-copy-pipe") == Self.file(r, "sha-web1-new") && Self.file(r, "sha-web1-new") != web1, d("piped copy equal"))
        #expect(r.files["pipe.txt"]?.contains("SHA-256 \(Self.file(r, "sha-web1-new")) as saved") == true, d("the stream's checksum, checked"))

        // The monitor ran the plan's program for the failed member; status sees it.
        #expect(r.files["alerts.log"]?.contains(try Regex("Fail /dev/md1 /dev/vd[ab]3")) == true, d("the alert program got the Fail event"))
        #expect(ApplyScenarioTests.status(r, "status-after-fail") == "2", d("status: degraded"))
    }
}
