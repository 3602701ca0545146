import Foundation
import Testing

/// A host installed by `diskplan apply` from an image boots from its disks
/// themselves (SeaBIOS, OVMF), with both disks and from either disk alone, with
/// / and /boot on the planned arrays (degraded when a disk is missing).
@Suite(.serialized)
struct BootTests {
    static func plan(firmware: String) -> String {
        """
        host: boot1
        disks: [/dev/vda, /dev/vdb]
        firmware: \(firmware)
        image: /input/host.tar.gz
        arrays:
          - {name: swap, md: 0, size: 512M, format: swap}
          - {name: boot, md: 1, size: 512M, format: ext4, mount: /boot}
          - {name: root, md: 2, size: 3G, format: ext4, mount: /}
        guests:
          - {name: vm1, size: 1G}
        """
    }

    /// Installs the host on two blank 6 GB disks kept in `dir`; returns the rescue VM's result.
    static func install(firmware: String, in dir: URL, uefiVars: URL? = nil) throws -> VMResult {
        try VM.run(script: "boot/install-host.sh", disks: [.new(size: 6 * VMDisk.gib), .new(size: 6 * VMDisk.gib)], keepDisksIn: dir,
                          extraBinaries: [try VM.releaseBinary()], inputs: ["plan.yaml": plan(firmware: firmware)],
                          inputFiles: ["host.tar.gz": try VM.hostImage()], timeout: 2400, uefiVars: uefiVars)
    }

    /// What a run printed, kept in out/boot/NAME/ (the install's dry run and apply, each boot's report) for the docs.
    static func keep(_ name: String, _ files: [String: String]) {
        let dir = VM.repoRoot.appendingPathComponent("out/boot/\(name)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, text) in files { try? Data(text.utf8).write(to: dir.appendingPathComponent(file)) }
    }

    static func describe(_ r: VMResult, _ what: String) -> Comment {
        ApplyScenarioTests.describe(r, what)
    }

    static func checkInstalled(_ r: VMResult, firmware: String) {
        keep("install-\(firmware)", r.files.filter { $0.key.hasSuffix(".txt") || $0.key.hasSuffix(".hex") || ["fstab", "mdadm.conf", "installed"].contains($0.key) })
        #expect(ApplyScenarioTests.status(r, "plan") == "2", describe(r, "the dry run shows the install"))
        let plan = r.files["plan.txt"] ?? ""
        for step in ["Mount the host's file systems", "Install the image /input/host.tar.gz", "Write the host's /etc/fstab",
                     "Write the host's /etc/mdadm/mdadm.conf", "Refresh the host's initramfs", "Write the host's boot menu", "Unmount the host's file systems"] {
            #expect(plan.contains(step), describe(r, "the dry run shows: \(step)"))
        }
        #expect(ApplyScenarioTests.status(r, "apply") == "0", describe(r, "apply installs the host"))
        #expect(ApplyScenarioTests.status(r, "plan-again") == "0", describe(r, "after the install the plan shows no changes"))
        let fstab = r.files["fstab"] ?? ""
        #expect(fstab.contains(try! Regex(#"UUID=[0-9a-f-]+  /  ext4  defaults  0  1  # /dev/md2 boot1:root"#)), describe(r, "fstab mounts / by UUID"))
        #expect(fstab.contains(try! Regex(#"UUID=[0-9a-f-]+  /boot  ext4"#)), describe(r, "fstab mounts /boot by UUID"))
        #expect(fstab.contains(try! Regex(#"UUID=[0-9a-f-]+  none  swap"#)), describe(r, "fstab has the swap"))
        let conf = r.files["mdadm.conf"] ?? ""
        #expect(conf.contains("HOMEHOST boot1"), describe(r, "mdadm.conf names the host"))
        for (md, name) in [("md0", "swap"), ("md1", "boot"), ("md2", "root"), ("md3", "vm1")] {
            #expect(conf.contains(try! Regex("ARRAY /dev/\(md) metadata=1\\.[02] UUID=[0-9a-f:]{35} name=boot1:\(name)")), describe(r, "mdadm.conf lists \(md)"))
        }
        #expect(r.files["grub.cfg"]?.contains("mduuid/") == true, describe(r, "the boot menu finds / by its array"))
        #expect(ApplyScenarioTests.status(r, "status") == "0", describe(r, "status after the install: every disk boots"))
        // The MBR's boot code erased: BIOS boot only (under UEFI, checkEntries removes a boot entry instead).
        if firmware != "uefi" {
            #expect(ApplyScenarioTests.status(r, "status-erased") == "2", describe(r, "status after the boot code of /dev/vdb is erased"))
            #expect(r.files["status-erased.txt"]?.contains("/dev/vdb") == true && r.files["status-erased.txt"]?.contains("cannot boot on its own") == true,
                    describe(r, "status names the disk that cannot boot"))
            #expect(ApplyScenarioTests.status(r, "apply-erased") == "0" && r.files["apply-erased.txt"]?.contains("Install GRUB on /dev/vdb") == true,
                    describe(r, "apply puts GRUB back on /dev/vdb"))
            #expect(r.files["apply-erased.txt"]?.contains("Install GRUB on /dev/vda") == false, describe(r, "and only there"))
        }
        #expect(ApplyScenarioTests.status(r, "status-after") == "0", describe(r, "status is 0 again"))
        #expect(ApplyScenarioTests.status(r, "chroot") == "0", describe(r, "diskplan chroot runs a command in the host"))
        let chroot = r.files["chroot.txt"] ?? ""
        #expect(chroot.hasPrefix("host\n") && chroot.contains("/boot") && chroot.contains("/proc"), describe(r, "the command saw the host's / and /boot, /proc bound"))
        #expect(r.files["mounted-after-chroot"]?.trimmingCharacters(in: .whitespacesAndNewlines) == "0", describe(r, "chroot unmounts everything"))
        #expect(ApplyScenarioTests.status(r, "chroot-false") == "1", describe(r, "a failing command exits 1"))
        #expect(r.files["chroot-false.txt"]?.contains("false exited with status 1; the host is unmounted") == true, describe(r, "the failure names the command"))
    }

    static func checkBoot(_ b: VM.BootReport, firmware: String, disks: Int, _ what: String) {
        keep("boots", ["\(firmware)-\(what.filter { $0.isLetter || $0 == " " }.replacing(" ", with: "-")).txt": b.text])
        let c = Comment(rawValue: "\(what)\n\(b.text.suffix(5000))")
        #expect(b.booted, c)
        #expect(b.fields["root"] == "/dev/md2", c)
        #expect(b.fields["boot"] == "/dev/md1", c)
        #expect(b.fields["firmware"] == firmware, c)
        if firmware == "uefi" { #expect(b.fields["efi"] == "/dev/md4", c) }
        let state = disks == 2 ? "[2/2] [UU]" : "[2/1]"
        for md in ["md1", "md2"] {
            #expect(b.mdstat.contains(try! Regex("\(md) : active[^\\n]*\\n[^\\n]*\\Q\(state)\\E")), c)
        }
    }

    @Test("BIOS: apply installs the image; SeaBIOS boots the host from both disks and from the second disk alone")
    func bios() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vm-boot-bios-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.install(firmware: "bios", in: dir)
        Self.checkInstalled(r, firmware: "bios")
        let a = dir.appendingPathComponent("vda.img").path, b = dir.appendingPathComponent("vdb.img").path
        Self.checkBoot(try VM.bootDisks([a, b], firmware: "bios"), firmware: "bios", disks: 2, "both disks")
        Self.checkBoot(try VM.bootDisks([b], firmware: "bios"), firmware: "bios", disks: 1, "the second disk alone")
        if VM.fullSuite {
            Self.checkBoot(try VM.bootDisks([a], firmware: "bios"), firmware: "bios", disks: 1, "the first disk alone")
        }
    }

    /// UEFI (full set): the rescue system runs under OVMF, so it has EFI variables. The ESP is a RAID1 of
    /// metadata 1.0 with GRUB at the removable path, and each disk gets a boot entry. OVMF boots each
    /// disk alone by its own entry, and, with an empty variable store, by the removable path.
    @Test("UEFI: a boot entry per disk; OVMF boots the installed host from both disks and from either disk alone", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func uefi() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vm-boot-uefi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let vars = dir.appendingPathComponent("vars.fd")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try Self.install(firmware: "uefi", in: dir, uefiVars: vars)
        Self.checkInstalled(r, firmware: "uefi")
        Self.checkEntries(r)
        let a = dir.appendingPathComponent("vda.img").path, b = dir.appendingPathComponent("vdb.img").path
        let both = try VM.bootDisks([a, b], firmware: "uefi", vars: vars)
        Self.checkBoot(both, firmware: "uefi", disks: 2, "both disks, by their entries")
        #expect(["(vda)", "(vdb)"].contains { both.fields["bootentry"]?.hasSuffix($0) == true }, Comment(rawValue: both.text))
        let first = try VM.bootDisks([a, "none"], firmware: "uefi", vars: vars)
        Self.checkBoot(first, firmware: "uefi", disks: 1, "the first disk alone, by its entry")
        #expect(first.fields["bootentry"]?.hasSuffix("boot1 (vda)") == true, Comment(rawValue: first.text))
        let second = try VM.bootDisks(["none", b], firmware: "uefi", vars: vars)
        Self.checkBoot(second, firmware: "uefi", disks: 1, "the second disk alone, by its entry")
        #expect(second.fields["bootentry"]?.hasSuffix("boot1 (vdb)") == true, Comment(rawValue: second.text))
        Self.checkBoot(try VM.bootDisks([b], firmware: "uefi"), firmware: "uefi", disks: 1, "the second disk alone, empty variable store")
    }

    /// The rescue system's EFI variables after the install: an entry per disk; one removed is drift, and apply adds it again.
    static func checkEntries(_ r: VMResult) {
        let plan = r.files["plan.txt"] ?? ""
        for disk in ["vda", "vdb"] {
            #expect(plan.contains("Add the UEFI boot entry \"boot1 (\(disk))\" for /dev/\(disk)"), describe(r, "the dry run adds an entry for \(disk)"))
            #expect(r.files["efi-entries.txt"]?.contains("boot1 (\(disk))") == true, describe(r, "the firmware has an entry for \(disk)"))
        }
        #expect(ApplyScenarioTests.status(r, "status-noentry") == "2", describe(r, "status after vdb's entry is removed"))
        #expect(r.files["status-noentry.txt"]?.contains("/dev/vdb") == true && r.files["status-noentry.txt"]?.contains("no UEFI boot entry") == true,
                describe(r, "status names the disk without an entry"))
        let again = r.files["apply-noentry.txt"] ?? ""
        #expect(ApplyScenarioTests.status(r, "apply-noentry") == "0" && again.contains("boot1 (vdb)") && !again.contains("boot1 (vda)")
                && !again.contains("Mount the host"), describe(r, "apply adds vdb's entry again, and only that (nothing mounted)"))
        #expect(ApplyScenarioTests.status(r, "status-entry-after") == "0", describe(r, "status is 0 again"))
    }

    /// firmware: both (full set): the same disks boot under SeaBIOS and under OVMF, each disk alone too.
    @Test("firmware both: the same disks boot under SeaBIOS and OVMF, from either disk alone", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func both() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vm-boot-both-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.install(firmware: "both", in: dir)
        Self.checkInstalled(r, firmware: "both")
        let a = dir.appendingPathComponent("vda.img").path, b = dir.appendingPathComponent("vdb.img").path
        for fw in ["bios", "uefi"] {
            Self.checkBoot(try VM.bootDisks([a], firmware: fw), firmware: fw, disks: 1, "\(fw): the first disk alone")
            Self.checkBoot(try VM.bootDisks([b], firmware: fw), firmware: fw, disks: 1, "\(fw): the second disk alone")
        }
    }

    /// A power cut inside the extract, and inside GRUB's install on the second disk (full set):
    /// the same apply in the next boot finishes the install, and the host boots from the second disk alone.
    @Test("a power cut inside the install resumes: the next apply finishes it and the host boots", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"),
          arguments: ["extract_image /dev/md2", "install_bootloader /dev/vdb"])
    func cutInsideInstall(_ cut: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vm-boot-cut-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = ["plan.yaml": Self.plan(firmware: "bios")]
        let files = ["host.tar.gz": try VM.hostImage()]
        let cutRun = try VM.run(script: "boot/install-cut.sh", environment: ["CUT": cut], disks: [.new(size: 6 * VMDisk.gib), .new(size: 6 * VMDisk.gib)], keepDisksIn: dir,
                                extraBinaries: [try VM.releaseBinary()], inputs: inputs, inputFiles: files, timeout: 2400)
        #expect(cutRun.powerLoss, Self.describe(cutRun, "the power failed"))
        #expect(cutRun.files["cut"]?.hasPrefix("inside") == true, Self.describe(cutRun, "the cut landed inside \(cut)"))
        let r = try VM.run(script: "boot/install-host.sh", disks: VMDisk.kept(in: dir, count: 2), extraBinaries: [try VM.releaseBinary()],
                           inputs: inputs, inputFiles: files, timeout: 2400)
        #expect(ApplyScenarioTests.status(r, "apply") == "0", Self.describe(r, "the same apply finishes the install"))
        #expect(ApplyScenarioTests.status(r, "plan-again") == "0", Self.describe(r, "then the plan shows no changes"))
        if cut.hasPrefix("install_bootloader") {
            #expect(r.files["apply.txt"]?.contains("Install the image") == false, Self.describe(r, "the image is not extracted again"))
        }
        let b = dir.appendingPathComponent("vdb.img").path
        Self.checkBoot(try VM.bootDisks([b], firmware: "bios"), firmware: "bios", disks: 1, "after the cut in \(cut): the second disk alone")
    }

    /// --reinstall-host (full set): the host's file systems anew and the image again; the guest's
    /// data, array UUID and partition entries stay; the host boots the new install.
    @Test("reinstall the host, keep the guests: the guest's checksum, UUID and partitions unchanged; the new host boots", .enabled(if: VM.fullSuite, "long scenario: DISKPLAN_VM=full scripts/test"))
    func reinstallHost() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vm-boot-reinstall-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try VM.run(script: "boot/reinstall-host.sh", disks: [.new(size: 6 * VMDisk.gib), .new(size: 6 * VMDisk.gib)], keepDisksIn: dir,
                           extraBinaries: [try VM.releaseBinary()], inputs: ["plan.yaml": Self.plan(firmware: "bios")],
                           inputFiles: ["host.tar.gz": try VM.hostImage()], timeout: 3000)
        Self.keep("reinstall", r.files.filter { $0.key.hasSuffix(".txt") })
        for step in ["apply", "apply-reinstall", "plan-again"] {
            #expect(ApplyScenarioTests.status(r, step) == "0", Self.describe(r, "\(step) exits 0"))
        }
        #expect(ApplyScenarioTests.status(r, "plan-reinstall") == "2", Self.describe(r, "the reinstall's dry run shows changes"))
        let dry = r.files["plan-reinstall.txt"] ?? ""
        #expect(dry.contains("Make ext4 anew on /dev/md2 for /") && dry.contains("Kept untouched, with their partitions and superblocks: /dev/md3 'boot1:vm1'"), Self.describe(r, "the dry run"))
        for evidence in ["guest", "uuid", "vda", "vdb"] {
            let ext = ["vda", "vdb"].contains(evidence) ? ".json" : ""
            #expect(r.files["\(evidence)-before\(ext)"] != nil && r.files["\(evidence)-before\(ext)"] == r.files["\(evidence)-after\(ext)"],
                    Self.describe(r, "\(evidence) unchanged by the reinstall"))
        }
        #expect(r.files["root-before"] != r.files["root-after"], Self.describe(r, "/ is a new file system"))
        let b = dir.appendingPathComponent("vdb.img").path
        Self.checkBoot(try VM.bootDisks([b], firmware: "bios"), firmware: "bios", disks: 1, "the reinstalled host from the second disk alone")
    }
}
