import Testing
@testable import Layout

/// The install steps of a plan with `image:`: planned while not done, refused for an image
/// that cannot boot this layout or a root that holds another system.
@Suite struct HostInstallTests {
    static func planned(_ text: String = Fixtures.installPlan, host: HostProbe? = nil) throws -> (Plan, PlanResult) {
        let plan = try PlanParser.parse(text, file: "install.yaml")
        var inventory = Fixtures.blankInventory(plan.disks, bytes: Fixtures.tb18)
        inventory.host = host ?? HostProbe(image: Fixtures.image(plan.image!))
        return (plan, try Planner.plan(plan, inventory: inventory))
    }

    @Test func blankDisksPlanEveryInstallStepAfterTheArrays() throws {
        let (_, r) = try Self.planned()
        let kinds = r.actions.map(\.kind.rawValue).drop { $0 != "mount_host" }
        #expect(Array(kinds) == ["mount_host", "extract_image", "write_fstab", "write_mdadm_conf", "update_initramfs",
                                 "install_bootloader", "install_bootloader", "write_boot_menu", "unmount_host"])
        let grub = r.actions.filter { $0.kind == .installBootloader }
        #expect(grub.map(\.argv!) == [["chroot", "/run/diskplan/host", "grub-install", "--target=i386-pc", "/dev/sda"],
                                      ["chroot", "/run/diskplan/host", "grub-install", "--target=i386-pc", "/dev/sdb"]])
        let extract = try #require(r.actions.first { $0.kind == .extractImage })
        #expect(extract.argv == ["tar", "--extract", "--file", "/srv/images/bookworm.tar.gz", "--directory", "/run/diskplan/host",
                                 "--numeric-owner", "--preserve-permissions", "--xattrs", "--xattrs-include=*"])
        let mount = try #require(r.actions.first { $0.kind == .mountHost }?.hostStep)
        #expect(mount.mounts.map(\.path) == ["/", "/boot"])
        #expect(mount.entries.map(\.name) == ["xen1:swap", "xen1:boot", "xen1:root", "xen1:ns1"])
        #expect(r.actions.first { $0.kind == .updateInitramfs }?.argv == ["chroot", "/run/diskplan/host", "update-initramfs", "-u", "-k", "all"])
    }

    @Test func firmwareBothLaysOutBiosGrubAndAnESPAndInstallsBoth() throws {
        let text = Fixtures.installPlan.replacing("disks: [/dev/sda, /dev/sdb]", with: "disks: [/dev/sda, /dev/sdb]\nfirmware: both")
        let (plan, r) = try Self.planned(text)
        #expect(plan.firmware == .both)
        #expect(r.disks[0].partitions.map(\.role.displayName).prefix(2) == ["BIOS boot", "EFI System"])
        #expect(r.arrays.contains { $0.mount == "/boot/efi" && $0.metadata == "1.0" && $0.format == .vfat })
        let grub = r.actions.filter { $0.kind == .installBootloader }.compactMap(\.hostStep?.grubTarget)
        #expect(grub == ["i386-pc", "i386-pc", "x86_64-efi"])
        let mount = try #require(r.actions.first { $0.kind == .mountHost }?.hostStep)
        #expect(mount.mounts.map(\.path) == ["/", "/boot", "/boot/efi"])
    }

    @Test(arguments: [
        (["etc"], "has no kernel in /boot"),
        (["usr/sbin/mdadm"], "is not a root file system: it has no /etc"),
    ])
    func imagesThatCannotBootAreRefused(found: [String], message: String) throws {
        let kernels = found == ["etc"] ? [] : ["vmlinuz-6.1.0-57-amd64"]
        let host = HostProbe(image: Fixtures.image("/srv/images/bookworm.tar.gz", found: found, kernels: kernels))
        let e = try #require(throws: PlanError.self) { try Self.planned(host: host) }
        #expect(e.key == "image")
        #expect(e.line == 3, "the image: line")
        #expect(e.message.contains(message), "\(e)")
        #expect(e.message.contains("nothing was written"))
    }

    @Test func missingGrubForTheFirmwareIsRefused() throws {
        let found = ImageInfo.interesting.filter { !$0.hasPrefix("sbin/") && $0 != "usr/lib/grub/i386-pc" }.sorted()
        let host = HostProbe(image: Fixtures.image("/srv/images/bookworm.tar.gz", found: found))
        let e = try #require(throws: PlanError.self) { try Self.planned(host: host) }
        #expect(e.message.contains("has no GRUB for BIOS boot (usr/lib/grub/i386-pc: Debian's grub-pc-bin)"), "\(e)")
        let unreadable = HostProbe(image: ImageInfo(path: "/srv/images/bookworm.tar.gz", archiveBytes: 0, problem: "No such file or directory"))
        let e2 = try #require(throws: PlanError.self) { try Self.planned(host: unreadable) }
        #expect(e2.description == "plan:3: image: cannot use /srv/images/bookworm.tar.gz: No such file or directory")
    }

    @Test func anImageTooBigForRootIsRefused() throws {
        let host = HostProbe(image: Fixtures.image("/srv/images/bookworm.tar.gz", unpacked: 40 * Size.GiB))
        let e = try #require(throws: PlanError.self) { try Self.planned(host: host) }
        #expect(e.message.contains("unpacks to 39.95 GiB for /, more than / (/dev/md2, 29.98 GiB) holds"), "\(e)")
    }

    @Test func aRootThatHoldsAnotherSystemIsNeverOverwritten() throws {
        let root = HostRootState(device: "/dev/md2", populated: true, system: "Debian GNU/Linux 11 (bullseye)")
        let host = HostProbe(image: Fixtures.image("/srv/images/bookworm.tar.gz"), root: root)
        let e = try #require(throws: PlanError.self) { try Self.planned(host: host) }
        #expect(e.message.contains("/ on /dev/md2 already holds a system (Debian GNU/Linux 11 (bullseye)) that this plan's image did not put there"), "\(e)")
        // One this install started (a cut inside the extract) resumes.
        var started = root
        started.installed = ["extracting bookworm.tar.gz 240561756"]
        let (_, r) = try Self.planned(host: HostProbe(image: Fixtures.image("/srv/images/bookworm.tar.gz"), root: started))
        #expect(r.actions.contains { $0.kind == .extractImage })
    }

    @Test func aFinishedInstallPlansNothingAndAMissingBootLoaderOnlyThat() throws {
        let (plan, first) = try Self.planned()
        var inventory = Fixtures.applied(first, inventory: Fixtures.blankInventory(plan.disks, bytes: Fixtures.tb18), plan: plan, running: true)
        for i in inventory.arrays.indices {
            inventory.arrays[i].uuid = String(repeating: "ab", count: 15) + "0\(i)"
            inventory.arrays[i].signatures = inventory.arrays[i].signatures.map { var s = $0; s.uuid = "1111-\(i)"; return s }
        }
        let t = try Planner.target(plan, inventory: inventory)
        let install = HostInstall(target: t, inventory: inventory, arraysChanging: false)
        let entries = install.entries(withUUIDs: true)
        let fstab = HostFileText.fstab("# UNCONFIGURED FSTAB FOR BASE SYSTEM\n", wanted: HostFileText.fstabLines(entries))
        let conf = HostFileText.mdadmConf("HOMEHOST <system>\n", host: "xen1", entries: entries)
        var root = HostRootState(device: "/dev/md2", populated: true, fstab: fstab, mdadmConf: conf, kernels: ["vmlinuz-6.1.0-57-amd64"])
        root.installed = ["image bookworm.tar.gz 240561756", "initramfs \(HostInstall.initramfsKey(conf))",
                          "grub i386-pc /dev/sda", "grub i386-pc /dev/sdb", "boot-menu \(HostInstall.bootMenuKey(root))"]
        let code = BootCode(mbrGrub: true, coreImage: true)
        inventory.host = HostProbe(image: Fixtures.image(plan.image!), root: root, bootCode: ["/dev/sda": code, "/dev/sdb": code])
        #expect(try Planner.plan(plan, inventory: inventory).actions.isEmpty)
        #expect(fstab == """
            UUID=1111-0  none  swap  sw  0  0  # /dev/md0 xen1:swap
            UUID=1111-1  /boot  ext4  defaults  0  2  # /dev/md1 xen1:boot
            UUID=1111-2  /  ext4  defaults  0  1  # /dev/md2 xen1:root

            """)
        #expect(conf.hasPrefix("HOMEHOST xen1\n# Added by diskplan apply\nARRAY /dev/md0 metadata=1.2 UUID=abababab:abababab:abababab:abababab00 name=xen1:swap".prefix(60)))
        // The second disk lost its boot code (a replaced disk): GRUB goes there again, and the boot menu is left alone.
        inventory.host!.bootCode["/dev/sdb"] = BootCode(mbrGrub: false, coreImage: false)
        let again = try Planner.plan(plan, inventory: inventory).actions
        #expect(again.map(\.kind.rawValue) == ["mount_host", "install_bootloader", "write_boot_menu", "unmount_host"])
        #expect(again[1].device == "/dev/sdb")
    }

    @Test func fstabLinesReplaceTheLineForTheirMountPointAndKeepTheRest() {
        let old = "# /etc/fstab\n/dev/sda2 / ext4 errors=remount-ro 0 1\ntmpfs /tmp tmpfs defaults 0 0\n"
        let wanted = ["UUID=1  /  ext4  defaults  0  1  # /dev/md2 xen1:root", "UUID=2  none  swap  sw  0  0  # /dev/md0 xen1:swap"]
        let new = HostFileText.fstab(old, wanted: wanted)
        #expect(new == "# /etc/fstab\nUUID=1  /  ext4  defaults  0  1  # /dev/md2 xen1:root\ntmpfs /tmp tmpfs defaults 0 0\nUUID=2  none  swap  sw  0  0  # /dev/md0 xen1:swap\n")
        #expect(HostFileText.fstab(new, wanted: wanted) == new)
    }
}

/// `status` names a disk that cannot boot on its own.
@Suite struct StatusBootTests {
    @Test func aDiskWithoutGrubIsDriftWhileTheOtherBoots() throws {
        let p = try Fixtures.plan("xen-host.yaml")
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        let r = try Planner.plan(p, inventory: blank)
        var inv = Fixtures.applied(r, inventory: blank, plan: p, running: true)
        let machine = { (inv: Inventory) in MachineState(inventory: inv, md: StatusFixtures.clean(r)) }
        inv.host = HostProbe(bootCode: ["/dev/sda": BootCode(mbrGrub: true, coreImage: true), "/dev/sdb": BootCode(mbrGrub: false, coreImage: false)])
        let bad = try Status.report(p, planFile: "xen-host.yaml", machine: machine(inv))
        #expect(bad.exitStatus == 2)
        #expect(bad.drift == [Drift(.boot, "/dev/sdb", "cannot boot on its own (BIOS): GRUB's boot code is not in its MBR (/dev/sda can); `diskplan apply` or `replace-disk` installs it")])
        inv.host!.bootCode["/dev/sdb"] = BootCode(mbrGrub: true, coreImage: false)
        #expect(try Status.report(p, planFile: nil, machine: machine(inv)).drift.first?.message.contains("its bios_grub partition holds no GRUB core image") == true)
        inv.host!.bootCode["/dev/sdb"] = BootCode(mbrGrub: true, coreImage: true)
        #expect(try Status.report(p, planFile: nil, machine: machine(inv)).exitStatus == 0)
        // Neither disk has GRUB and the plan installs nothing: no boot loader is expected of diskplan.
        inv.host = HostProbe(bootCode: ["/dev/sda": BootCode(mbrGrub: false, coreImage: false), "/dev/sdb": BootCode(mbrGrub: false, coreImage: false)])
        #expect(try Status.report(p, planFile: nil, machine: machine(inv)).exitStatus == 0)
    }

    @Test func anESPMemberWithoutTheLoaderIsDrift() throws {
        let p = try Fixtures.plan("kvm-host.yaml")
        let blank = Fixtures.blankInventory(p.disks, bytes: 1_920_383_410_176)
        let r = try Planner.plan(p, inventory: blank)
        var inv = Fixtures.applied(r, inventory: blank, plan: p, running: true)
        let (a, b) = (p.disks[0], p.disks[1])
        inv.host = HostProbe()
        inv.host!.efiLoader = [a: true, b: false]
        let bad = try Status.report(p, planFile: nil, machine: MachineState(inventory: inv, md: StatusFixtures.clean(r)))
        #expect(bad.exitStatus == 2)
        #expect(bad.drift == [Drift(.boot, b, "cannot boot on its own (UEFI): its ESP member holds no EFI/BOOT/BOOTX64.EFI (\(a) can); `diskplan apply` installs it")])
        inv.host!.efiLoader = [a: true, b: true]
        #expect(try Status.report(p, planFile: nil, machine: MachineState(inventory: inv, md: StatusFixtures.clean(r))).exitStatus == 0)
    }
}

/// `--reinstall-host`: the host's file systems anew, the image again, every guest kept.
@Suite struct ReinstallTests {
    static func installed() throws -> (Plan, Inventory) {
        let (plan, first) = try HostInstallTests.planned()
        var inv = Fixtures.applied(first, inventory: Fixtures.blankInventory(plan.disks, bytes: Fixtures.tb18), plan: plan, running: true)
        inv.host = HostProbe(image: Fixtures.image(plan.image!), root: HostRootState(device: "/dev/md2", populated: true, installed: ["image bookworm.tar.gz 240561756"]))
        return (plan, inv)
    }

    @Test func hostFileSystemsAreMadeAnewAndGuestsKept() throws {
        let (plan, inv) = try Self.installed()
        var o = PlannerOptions()
        o.reinstallHost = true
        let r = try Planner.plan(plan, inventory: inv, options: o)
        let remade = r.actions.filter { $0.kind == .remakeFilesystem }
        #expect(remade.map(\.argv!) == [["mkswap", "-f", "-L", "swap", "/dev/md0"], ["mkfs.ext4", "-q", "-F", "-L", "boot", "/dev/md1"],
                                        ["mkfs.ext4", "-q", "-F", "-L", "root", "/dev/md2"]])
        #expect(!r.actions.contains { $0.device == "/dev/md3" || $0.arrayMade == "ns1" }, "nothing touches the guest")
        #expect(!r.actions.contains { [.createTable, .createPartition, .createArray, .wipeSignatures, .wipeDisk].contains($0.kind) })
        #expect(r.actions.contains { $0.kind == .extractImage } && r.actions.filter { $0.kind == .installBootloader }.count == 2)
        #expect(r.notes.contains("Kept untouched, with their partitions and superblocks: /dev/md3 'xen1:ns1' (19.98 GiB)."))
    }

    @Test func aGuestInUseOrAMountedHostIsRefused() throws {
        let (plan, base) = try Self.installed()
        var o = PlannerOptions()
        o.reinstallHost = true
        var inv = base
        inv.uses = [DeviceUse(device: "/dev/md3", kind: .open, holder: "pid 812 (qemu-system-x86)", release: "stop the guest")]
        let e = try #require(throws: PlanError.self) { try Planner.plan(plan, inventory: inv, options: o) }
        #expect(e.message.hasPrefix("guest xen1:ns1 on /dev/md3 is in use"), "\(e)")
        inv.uses = [DeviceUse(device: "/dev/md2", kind: .mounted, holder: "/", release: "umount /")]
        let e2 = try #require(throws: PlanError.self) { try Planner.plan(plan, inventory: inv, options: o) }
        #expect(e2.message.contains("reinstall the host from the rescue system"), "\(e2)")
        var noImage = plan
        noImage.image = nil
        let e3 = try #require(throws: PlanError.self) { try Planner.plan(noImage, inventory: base, options: o) }
        #expect(e3.key == "--reinstall-host" && e3.message.contains("names no image"))
    }
}
