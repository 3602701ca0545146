import Testing
@testable import Layout

/// Day two on a server laid out by another tool: import, uuid identity, conflicts, add-guest, guests, mdadm.conf, in use.
@Suite struct DayTwoTests {
    func importAndPlan(_ inv: Inventory, host: String? = nil) throws -> (PlanImport.Result, Plan, PlanResult) {
        let imported = PlanImport.plan(inv, disks: DayTwo.disks, host: host, fallbackHost: "fallback")
        let plan = try PlanParser.parse(imported.text, file: "imported.yaml")
        return (imported, plan, try Planner.plan(plan, inventory: inv))
    }

    @Test func uuidInEitherFormIsOneUUID() throws {
        #expect(ArrayUUID.normalized("3E1C8B5A:4f2d0a11:9b7c6d5e:1f2a3b40") == ArrayUUID.normalized("3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b40"))
        #expect(ArrayUUID.mdadmForm("3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b40") == "3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b40")
        #expect(ArrayUUID.normalized("3e1c8b5a:4f2d0a11") == nil)
        let p = try PlanParser.parse("host: h\ndisks: [a, b]\nguests:\n  - {name: old, size: 1G, metadata: \"0.90\", uuid: \"3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b40\"}\n")
        #expect(p.arrays[0].uuid == "3e1c8b5a4f2d0a119b7c6d5e1f2a3b40" && p.arrays[0].metadata == "0.90")
    }

    @Test func metadata090NeedsAUUIDAndUUIDsAreChecked() {
        #expect(throws: PlanError.self) { try PlanParser.parse("host: h\ndisks: [a, b]\nguests:\n  - {name: old, size: 1G, metadata: \"0.90\"}\n") }
        do {
            _ = try PlanParser.parse("host: h\ndisks: [a, b]\nguests:\n  - {name: old, size: 1G, uuid: nope}\n")
            Issue.record("a bad uuid parsed")
        } catch {
            #expect(error.line == 4 && error.key == "guests[0].uuid")
        }
    }

    @Test func installimageServerImportsAsNoChanges() throws {
        let (imported, plan, r) = try importAndPlan(DayTwo.inventory())
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(plan.host == "rescue" && plan.firmware == .bios && plan.label == .gpt)
        #expect(plan.arrays.map(\.name) == ["0", "1", "2", "3"])
        #expect(plan.arrays.map(\.md) == [127, 126, 125, 124])
        #expect(plan.arrays.map(\.uuid) == [nil, nil, nil, nil], "names tie them: no uuid")
        #expect(plan.arrays.map(\.format) == [.swap, .ext4, .ext4, .raw] && plan.arrays[3].isGuest)
        #expect(plan.arrays.map(\.mount) == [nil, "/boot", "/", nil])
        #expect(plan.arrays.map(\.sizeBytes) == [512 << 20, 256 << 20, 2 << 30, 1 << 30])
        #expect(imported.text.contains("size: 2G  # members #4: 2147483648 bytes each"))
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
        // The dry run marks what is in use.
        let keptText = r.kept.map(\.summary).joined(separator: "\n")
        #expect(keptText.contains("Keep RAID1 /dev/md125"), "\(keptText)")
        #expect(r.kept.contains { $0.device == "/dev/md125" && $0.summary.hasSuffix("(in use: mounted on /)") }, "\(keptText)")
        #expect(r.kept.contains { $0.device == "/dev/md127" && $0.summary.hasSuffix("(in use: swap)") })
        #expect(r.kept.contains { $0.device == "/dev/md124" && $0.summary.hasSuffix("(in use: open by pid 812 (qemu-system-x86))") })
        #expect(r.kept.contains { $0.device == "/dev/vda4" && $0.summary.hasSuffix("(in use: held by /dev/md125)") })
    }

    @Test func anotherHostTiesByUUIDAndStillNoChanges() throws {
        let (imported, plan, r) = try importAndPlan(DayTwo.inventory(), host: "xen1")
        #expect(plan.host == "xen1")
        #expect(plan.arrays.allSatisfy { $0.uuid != nil }, "\(imported.text)")
        #expect(imported.text.contains("uuid: \"3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b40\""))
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
    }

    @Test func msdosLogicalMetadata090ImportsAsNoChangesAndAGuestGoesLogical() throws {
        let inv = DayTwo.inventory(msdos: true)
        let (imported, plan, r) = try importAndPlan(inv, host: "old")
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(plan.label == .msdos && plan.arrays.allSatisfy { $0.metadata == "0.90" && $0.uuid != nil })
        #expect(plan.arrays.map(\.name) == ["md0", "md1", "md2", "md3"])
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
        let (text, added) = try PlanEdit.addGuest(.init(name: "web2", size: "1G"), to: imported.text)
        #expect(text.hasPrefix(imported.text.split(separator: "\n").prefix(3).joined(separator: "\n")))
        let r2 = try Planner.plan(added, inventory: inv)
        let create = r2.actions.filter { $0.kind == .createPartition }
        #expect(create.map(\.newPartition?.kind) == [.logical, .logical])
        #expect(create.map(\.newPartition?.number) == [7, 7])
        #expect(r2.actions.contains { $0.kind == .createArray && $0.argv?.contains("--name=web2") == true })
    }

    @Test func msdosWithFourPrimariesRefusesANewGuestNamingWhy() throws {
        let inv = DayTwo.inventory(msdos: true, primaries: 4)
        let (imported, _, r) = try importAndPlan(inv, host: "old")
        #expect(r.actions.isEmpty && !imported.text.contains("extended"), "\(r.actions.map(\.summary))")
        let added = try PlanEdit.addGuest(.init(name: "web2", size: "1G"), to: imported.text)
        do {
            _ = try Planner.plan(added.plan, inventory: inv)
            Issue.record("a fifth member was planned on a full msdos table")
        } catch {
            #expect(error.key == "guests 'web2'", "\(error)")
            #expect(error.message.contains("the msdos table has no free primary slot (partitions 1-4 are taken) and no extended partition"), "\(error)")
            #expect(error.message.contains("free a primary slot"), "\(error)")
        }
    }

    @Test func msdosWithOneFreeSlotPutsTwoNewGuestsIntoANewExtendedPartition() throws {
        let inv = DayTwo.inventory(msdos: true, specs: Array(DayTwo.installimage.prefix(3)), primaries: 3)
        let (imported, _, r) = try importAndPlan(inv, host: "old")
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
        let one = try PlanEdit.addGuest(.init(name: "web2", size: "1G"), to: imported.text)
        #expect(try Planner.plan(one.plan, inventory: inv).actions.filter { $0.kind == .createPartition }.map(\.newPartition?.number) == [4, 4])
        let two = try PlanEdit.addGuest(.init(name: "web3", size: "1G"), to: one.text)
        let create = try Planner.plan(two.plan, inventory: inv).actions.filter { $0.kind == .createPartition }.compactMap(\.newPartition)
        #expect(create.map(\.kind) == [.extended, .logical, .logical, .extended, .logical, .logical], "\(create)")
        #expect(create.map(\.number) == [4, 5, 6, 4, 5, 6])
    }

    @Test func aPlanThatChangesExistingArraysIsRefusedNamingEachConflict() throws {
        let inv = DayTwo.inventory()
        var (_, plan, _) = try importAndPlan(inv)
        plan.arrays[2].sizeBytes = 3 << 30
        plan.arrays[3].level = .raid0
        plan.arrays[3].chunkBytes = 512 << 10
        plan.arrays[1].metadata = "1.0"
        do {
            _ = try Planner.plan(plan, inventory: inv)
            Issue.record("the conflicting plan was accepted")
        } catch {
            let m = error.message
            #expect(m.contains("arrays '1' (runs as /dev/md126): metadata: the members carry 1.2, the plan says 1.0"), "\(m)")
            #expect(m.contains("arrays '2' (runs as /dev/md125): size: the members hold 2.00 GiB each, the plan's size needs 3.00 GiB"), "\(m)")
            #expect(m.contains("guests '3' (runs as /dev/md124): level: the array is raid1, the plan says raid0"), "\(m)")
            #expect(m.contains("nothing was written"))
        }
    }

    @Test func strayPartitionsAndArraysOnSomeDisksAreListed() {
        var inv = DayTwo.inventory()
        inv.disks[1].table!.partitions.removeLast()
        inv.disks[0].table!.partitions.append(PartitionInfo(number: 9, startSector: 20_000_000, sizeSectors: 2048, signatures: [Signature(type: "ext4")]))
        let imported = PlanImport.plan(inv, disks: DayTwo.disks, host: nil, fallbackHost: "x")
        #expect(imported.problems.count == 3, "\(imported.problems)")
        #expect(imported.problems.contains { $0.contains("has no member on /dev/vdb") })
        #expect(imported.problems.contains { $0.contains("/dev/vda partition 9 (1.00 MiB, ext4) is in no array") })
        #expect(imported.text.contains("# Not described here"))
    }

    @Test func addGuestKeepsCommentsAndRefusesTakenNames() throws {
        let text = "# my server\nhost: h   # the host\ndisks: [a, b]\narrays:\n  - {name: root, size: 1G}\nguests:\n  # first guest\n  - {name: web1, size: 2G}  # shop\n\n# end\n"
        let (out, plan) = try PlanEdit.addGuest(.init(name: "web2", size: "10G", md: 7, level: "1"), to: text)
        #expect(out == "# my server\nhost: h   # the host\ndisks: [a, b]\narrays:\n  - {name: root, size: 1G}\nguests:\n  # first guest\n  - {name: web1, size: 2G}  # shop\n  - {name: web2, size: 10G, md: 7, level: 1}\n\n# end\n")
        #expect(plan.arrays.last?.md == 7)
        #expect(throws: PlanError.self) { try PlanEdit.addGuest(.init(name: "web1", size: "1G"), to: text) }
        #expect(throws: PlanError.self) { try PlanEdit.addGuest(.init(name: "web3", size: "1G", md: 0), to: text) }
        #expect(throws: PlanError.self) { try PlanEdit.addGuest(.init(name: "web3", size: "12"), to: text) }
        let none = try PlanEdit.addGuest(.init(name: "g", size: "1G"), to: "host: h\ndisks: [a, b]\narrays:\n  - {name: root, size: 1G}\n")
        #expect(none.text.hasSuffix("guests:\n  - {name: g, size: 1G}\n"))
    }

    /// The new entry is not in the file (nothing is written on an error): its errors name the guest, not a line.
    @Test func addGuestErrorsOfTheNewEntryHaveNoLine() throws {
        let text = "host: h\ndisks: [a, b]\nguests:\n  - {name: web1, size: 2G}\n"
        let cases: [(PlanEdit.Guest, String)] = [
            (.init(name: "web2", size: "10x"), "p.yaml: guests 'web2'.size: '10x' is not a size"),
            (.init(name: "web2", size: "1G", md: -1), "p.yaml: guests 'web2'.md: must be between 0 and"),
            (.init(name: "web2", size: "1G", level: "7"), "p.yaml: guests 'web2'.level: must be a RAID level"),
        ]
        for (guest, prefix) in cases {
            let error = try #require(throws: PlanError.self) { try PlanEdit.addGuest(guest, to: text, file: "p.yaml") }
            #expect(error.line == nil && error.description.hasPrefix(prefix), "\(error)")
        }
        let planned = PlanError(file: "p.yaml", line: 5, key: "guests 'web2'.size", "does not fit")
        #expect(PlanEdit.aboutNewGuest(planned, name: "web2", line: 5).description == "p.yaml: guests 'web2'.size: does not fit")
        #expect(PlanEdit.aboutNewGuest(planned, name: "web2", line: 4).line == 5, "an error of another line keeps it")
    }

    @Test func guestLinesUseStablePaths() throws {
        let plan = try PlanParser.parse("host: xen1\ndisks: [a, b]\nguests:\n  - {name: web2, size: 1G}\n  - {name: old, size: 1G, uuid: \"3e1c8b5a-4f2d-0a11-9b7c-6d5e1f2a3b40\"}\n")
        let g = GuestLines.guests(plan)
        #expect(try GuestLines.render(g, style: .xen) == "# web2 (/dev/md0)\ndisk = ['phy:/dev/disk/by-id/md-name-xen1:web2,xvda,w']\n# old (/dev/md1)\ndisk = ['phy:/dev/disk/by-id/md-uuid-3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b40,xvda,w']\n")
        #expect(try GuestLines.render(g, style: .libvirt).contains("<source dev='/dev/disk/by-id/md-name-xen1:web2'/>"))
        #expect(try GuestLines.render(g, style: .json).contains("\"path\" : \"/dev/disk/by-id/md-name-xen1:web2\""))
    }

    @Test func mdadmConfGainsOnlyNewArrays() {
        let old = "HOMEHOST <system>\nARRAY /dev/md/0 metadata=1.2 UUID=3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b40 name=rescue:0\n"
        let lines = ["ARRAY /dev/md/0 metadata=1.2 UUID=3e1c8b5a:4f2d0a11:9b7c6d5e:1f2a3b40 name=rescue:0",
                     "ARRAY /dev/md/web2 metadata=1.2 UUID=11111111:22222222:33333333:44444444 name=rescue:web2"]
        let (text, added) = MdadmConf.merged(old, arrayLines: lines)
        #expect(added == [lines[1]])
        #expect(text == old + "# Added by diskplan apply\n" + lines[1] + "\n")
        #expect(MdadmConf.merged(text, arrayLines: lines).added.isEmpty)
        #expect(MdadmConf.initramfsCommand(osRelease: "PRETTY_NAME=\"Debian\"\nID=debian\n") == ["update-initramfs", "-u"])
        #expect(MdadmConf.initramfsCommand(osRelease: "ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n") == ["dracut", "-f"])
        #expect(MdadmConf.initramfsCommand(osRelease: "ID=alpine\n") == nil)
    }

    @Test func applyRefusesWritingWhatIsInUse() {
        let inv = DayTwo.inventory()
        let range = ByteRange(disk: "/dev/vda", offset: (4096 + 512 * 2048) * 512, length: 1 << 20)
        let wipe = Action(.wipeSignatures([range], array: nil), device: "/dev/md9", summary: "Clear old signatures")
        let table = Action(.createTable(.gpt, disk: "/dev/vdb"), device: "/dev/vdb", summary: "Create GPT on /dev/vdb")
        let refusals = InUse.refusals([wipe, table], inventory: inv)
        #expect(refusals.count == 2, "\(refusals)")
        #expect(refusals[0].contains("/dev/vda3 is held by /dev/md126"))
        let free = ByteRange(disk: "/dev/vda", offset: 10 << 30, length: 1 << 20)
        #expect(InUse.refusals([Action(.wipeSignatures([free], array: nil), device: "/dev/md9", summary: "x")], inventory: inv).isEmpty)
    }
}
