import Testing
@testable import Layout

/// `import` proven by its own round trip: `plan` of what it writes shows no changes on the
/// same disks, or import lists (and exits 2 for) what it could not describe.
@Suite struct ImportRoundTripTests {
    /// The inventory with every member's superblock changed by `body` (array index, signature).
    static func members(_ inv: Inventory, _ body: (Int, inout Signature) -> Void) -> Inventory {
        var inv = inv
        for k in inv.disks.indices {
            inv.disks[k].table!.partitions = inv.disks[k].table!.partitions.map { p in
                var p = p
                p.signatures = p.signatures.map { s in
                    var s = s
                    if s.isRaidMember, let i = DayTwo.uuids.firstIndex(of: s.uuid ?? "") { body(i, &s) }
                    return s
                }
                return p
            }
        }
        return inv
    }

    /// As a rescue system that started none of them sees the installimage server: superblocks
    /// with their level, and the content read through the members.
    static func stopped(_ inv: Inventory) -> Inventory {
        var out = members(inv) { i, s in
            s.level = "raid1"
            s.content = DayTwo.installimage[i].format.map { [Signature(type: $0, uuid: "fs-\(i)")] } ?? []
        }
        out.arrays = []
        out.uses = []
        return out
    }

    func roundTrip(_ inv: Inventory, host: String? = nil, fstab: String = "") throws -> (PlanImport.Result, Plan, PlanResult) {
        let imported = PlanImport.plan(inv, disks: DayTwo.disks, host: host, fallbackHost: "xen1", fstab: fstab)
        let plan = try PlanParser.parse(imported.text, file: "imported.yaml")
        return (imported, plan, try Planner.plan(plan, inventory: inv))
    }

    @Test func theWildcardHomeHostIsNoHost() throws {
        let inv = Self.members(DayTwo.inventory()) { i, s in s.label = "any:\(i)" }
        let inventory = Inventory(disks: inv.disks, arrays: inv.arrays.map { a in var a = a; a.name = a.name.map { $0.replacing("rescue:", with: "any:") }; return a }, uses: inv.uses)
        let (imported, plan, r) = try roundTrip(inventory)
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(plan.host == "xen1", "this machine's name, never `any`")
        #expect(plan.arrays.allSatisfy { $0.uuid != nil }, "tied by uuid: \(imported.text)")
        #expect(imported.text.contains("superblock name any:0 (not of host xen1, mdadm's wildcard home host): tied by uuid"))
        #expect(imported.text.contains("`diskplan plan` of this file shows \"No changes\""))
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
    }

    @Test func metadata090And10And12WithoutNamesPlanAsNoChanges() throws {
        let versions = ["0.90.0", "1.0", "1.2", "1.0"]
        var inv = Self.members(DayTwo.inventory()) { i, s in
            s.version = versions[i]
            s.label = versions[i].hasPrefix("0.90") ? nil : "\(i)"
        }
        inv.arrays = inv.arrays.enumerated().map { i, a in
            var a = a
            a.metadata = String(versions[i].prefix(4))
            a.name = versions[i].hasPrefix("0.90") ? nil : "\(i)"
            return a
        }
        let (imported, plan, r) = try roundTrip(inv)
        #expect(imported.problems.isEmpty, "\(imported.problems)")
        #expect(plan.arrays.map(\.metadata) == ["0.90", "1.0", "1.2", "1.0"])
        #expect(plan.arrays.allSatisfy { $0.uuid != nil })
        #expect(imported.text.contains("metadata 0.90 holds no name: tied by uuid"))
        #expect(r.actions.isEmpty, "\(r.actions.map(\.summary))")
    }

    @Test func stoppedArraysAreReadFromTheirSuperblocksAndNamedAsNotRunning() throws {
        let inv = Self.stopped(DayTwo.inventory())
        let (imported, plan, r) = try roundTrip(inv, fstab: "UUID=fs-2 / ext4 defaults 0 1\nUUID=fs-1 /boot ext4 defaults 0 2\n")
        #expect(imported.problems.count == 4, "\(imported.problems)")
        #expect(imported.problems.allSatisfy { $0.contains("is not running here: it is described from its members' superblocks, and `diskplan plan` of this file assembles it") })
        #expect(imported.problems.allSatisfy { $0.hasSuffix("start it (`mdadm --assemble --scan`) and import again") })
        #expect(!imported.text.contains("No changes\"; add guests"), "the header promises nothing: \(imported.text)")
        #expect(!imported.text.contains("assumed 1"))
        #expect(imported.text.contains("level: 1  # not running here: its superblock records raid1"))
        #expect(plan.arrays.map(\.format) == [.swap, .ext4, .ext4, .raw])
        #expect(plan.arrays.map(\.mount) == [nil, "/boot", "/", nil])
        #expect(plan.arrays.filter(\.isGuest).map(\.name) == ["3"], "swap, /boot and / are no guests")
        #expect(GuestLines.guests(plan).count == 1)
        #expect(r.actions.filter { $0.kind == .assembleArray }.count == 4, "what import said planning does: \(r.actions.map(\.summary))")
        #expect(r.actions.allSatisfy { [.assembleArray, .makeSwap, .makeFilesystem].contains($0.kind) }, "nothing is created or wiped")
    }

    @Test func anInactivePartialAssemblyIsDescribedFromItsSuperblocks() throws {
        var inv = Self.stopped(DayTwo.inventory())
        inv.arrays = [RunningArray(device: "/dev/md127", level: "", metadata: "1.2", members: ["/dev/vda2"], sizeBytes: 0, name: "rescue:0",
                                   uuid: DayTwo.uuids[0], state: "inactive")]
        let (imported, plan, _) = try roundTrip(inv)
        #expect(imported.problems.count == 4)
        #expect(imported.problems.first?.contains("is not running here (/dev/md127 holds its members, inactive): it is described from its members' superblocks") == true, "\(imported.problems)")
        #expect(plan.arrays.first?.format == .swap && plan.arrays.first?.md == 127, "\(imported.text)")
        #expect(imported.text.contains("level: 1  # not running here: its superblock records raid1"))
    }

    @Test func stoppedMetadata090ArraysTakeTheirPreferredMinor() throws {
        var inv = Self.stopped(DayTwo.inventory(msdos: true))
        inv = Self.members(inv) { i, s in s.preferredMinor = 10 + i }
        let (imported, plan, _) = try roundTrip(inv)
        #expect(plan.arrays.map(\.md) == [10, 11, 12, 13], "\(imported.text)")
        #expect(imported.text.contains("md: 10  # not running here; the minor its 0.90 superblock prefers"))
    }

    @Test func partitionsWithoutArraysAreListedWithWhatToDo() throws {
        var inv = DayTwo.inventory()
        inv.arrays = []
        inv.uses = []
        inv = Self.members(inv) { _, s in s = Signature(type: "ext4") }
        let imported = PlanImport.plan(inv, disks: DayTwo.disks, host: nil, fallbackHost: "xen1")
        #expect(imported.problems.first?.hasPrefix("no md array on /dev/vda, /dev/vdb: a plan describes md arrays") == true, "\(imported.problems)")
        #expect(imported.problems.count == 9, "no array, and 4 partitions on each disk: \(imported.problems)")
        #expect(imported.problems.contains("/dev/vdb partition 4 (2.00 GiB, ext4) is in no array on every disk: a plan describes md arrays only; leave the disk out, or move what it holds into an array"))
        #expect(imported.text.contains("# Not everything could be described (see the end)"))
        #expect(!imported.text.contains("shows \"No changes\";"))
    }
}
