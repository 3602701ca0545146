import Testing
@testable import Layout

struct GuestCopyTests {
    static func target(running: Bool?) throws -> (Plan, TargetLayout) {
        let p = try Fixtures.plan("xen-host.yaml")
        let blank = Fixtures.blankInventory(p.disks, bytes: Fixtures.tb18)
        guard let running else { return (p, try Planner.target(p, inventory: blank)) }
        let applied = Fixtures.applied(try Planner.plan(p, inventory: blank), inventory: blank, plan: p, running: running)
        return (p, try Planner.target(p, inventory: applied))
    }

    @Test("the guest is found by name among the arrays as the disks hold them, running or stopped")
    func findsTheGuest() throws {
        for running in [true, false] {
            let (p, t) = try Self.target(running: running)
            let a = try GuestCopy.array(named: "web1", in: t, plan: p)
            #expect(a.guest && a.name == "xen1:web1" && a.exists && (a.running != nil) == running)
        }
    }

    @Test("an unknown name lists the guests; a host array and an array not yet made are refused with their line")
    func refusals() throws {
        let (p, t) = try Self.target(running: true)
        #expect(throws: PlanError("the plan has no guest web9; its guests: ns1, web1")) { try GuestCopy.array(named: "web9", in: t, plan: p) }
        let root = try #require(p.arrays.first { $0.name == "root" })
        #expect(throws: PlanError(line: root.line, "root is an array of the host (ext4), not a guest: save-guest and restore-guest copy guests")) {
            try GuestCopy.array(named: "root", in: t, plan: p)
        }
        let (_, blank) = try Self.target(running: nil)
        let web1 = try #require(p.arrays.first { $0.name == "web1" })
        #expect(throws: PlanError(line: web1.line, "guest web1 does not exist on these disks: no member carries the superblock of xen1:web1; apply the plan first")) {
            try GuestCopy.array(named: "web1", in: blank, plan: p)
        }
    }

    @Test("reading is refused while something may write; a read-only opener does not count")
    func readRefusal() {
        let reader = DeviceUse(device: "/dev/md4", kind: .open, holder: "pid 7 (dd)", release: "stop process 7 (dd)", readOnly: true)
        #expect(GuestCopy.readRefusal("web1", device: "/dev/md4", uses: [reader]) == nil)
        let guest = DeviceUse(device: "/dev/md4", kind: .open, holder: "pid 9 (qemu-system-x86)", release: "stop process 9 (qemu-system-x86)")
        let text = GuestCopy.readRefusal("web1", device: "/dev/md4", uses: [reader, guest]) ?? ""
        #expect(text.hasPrefix("guest web1 (/dev/md4) is in use read-write: /dev/md4 is open by pid 9 (qemu-system-x86) (release: stop process 9 (qemu-system-x86))."))
        #expect(text.contains("pause it (xl pause, virsh suspend) and pass --allow-open") && !text.contains("pid 7"))
    }

    @Test("writing is refused over a use (always) and over data (unless --overwrite); an image larger than the array never fits")
    func writeRefusal() {
        let use = DeviceUse(device: "/dev/md4", kind: .open, holder: "pid 7 (dd)", release: "stop process 7 (dd)", readOnly: true)
        #expect(GuestCopy.writeRefusal("web1", device: "/dev/md4", uses: [use], signatures: [], firstBytesZero: true, overwrite: true)?.contains("is in use") == true)
        let ext4 = Signature(type: "ext4", usage: "filesystem", uuid: "u", label: "data")
        #expect(GuestCopy.writeRefusal("web1", device: "/dev/md4", uses: [], signatures: [ext4], firstBytesZero: true, overwrite: false)?
            .hasSuffix("holds \(ext4.described). Nothing was written; to write over it, pass --overwrite.") == true)
        #expect(GuestCopy.writeRefusal("web1", device: "/dev/md4", uses: [], signatures: [], firstBytesZero: false, overwrite: false)?
            .contains("holds data (its first MiB is not zeros)") == true)
        #expect(GuestCopy.writeRefusal("web1", device: "/dev/md4", uses: [], signatures: [ext4], firstBytesZero: false, overwrite: true) == nil)
        #expect(GuestCopy.writeRefusal("web1", device: "/dev/md4", uses: [], signatures: [], firstBytesZero: true, overwrite: false) == nil)
        #expect(GuestCopy.sizeRefusal("web1", imageBytes: 100, arrayBytes: 100) == nil)
        #expect(GuestCopy.sizeRefusal("web1", imageBytes: 101, arrayBytes: 100)?.hasPrefix("the image holds 101 B (101 bytes), guest web1's array only 100 B (100 bytes)") == true)
    }

    @Test("a copy's progress is md's progress model: percent, speed, time left")
    func copyProgress() {
        let p = SyncProgress(copy: "save", done: 1 << 30, total: 4 << 30, seconds: 2)
        #expect(p.verb == "saving" && p.percent == 25 && p.bytesPerSecond == 1 << 29 && p.secondsLeft == 6)
        #expect(p.text == "25.0%, 512.00 MiB/s, 6s left")
    }
}
