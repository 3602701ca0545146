import Foundation
import Testing

/// The power-loss matrix's parts: where a cut happens (`PowerCut`), and a calibration
/// run that numbers every point of an uninterrupted apply of the Xen plan.
/// Tests/vm/powercut.c counts the points inside the VM; see PowerLossTests.
struct PowerCut: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    /// `superblockOnly`: the step's program finished, but of its writes only the last reached
    /// the disk (mke2fs's primary superblock): a cache that wrote it first, then lost power.
    enum Phase: String, Sendable { case during, after, superblockOnly }

    /// The 1-based number of the step's first action in the Xen plan's dry run.
    var step: Int
    var phase: Phase
    /// What the step does, as the test report names it.
    var what: String
    /// The program whose writes a `during` cut falls among (libparted runs inside diskplan).
    var program: String

    var description: String {
        switch phase {
        case .during: "inside \(what) (action \(step))"
        case .after: "after \(what) (action \(step))"
        case .superblockOnly: "after \(what) (action \(step)), only its superblock on disk"
        }
    }
    var testDescription: String { description }

    /// The Xen plan's steps on /dev/vda and /dev/vdb (plans/xen-host.yaml's dry run): a disk's
    /// table and its partitions are one libparted commit, every other action a step of its own.
    static let steps: [(step: Int, what: String, program: String)] = [
        (1, "the partition table write of /dev/vda", "diskplan"), (8, "the partition table write of /dev/vdb", "diskplan"),
        (15, "the clearing of md0's members", "diskplan"), (16, "mdadm --create of md0 (swap)", "mdadm"), (17, "mkswap on md0", "mkswap"),
        (18, "the clearing of md1's members", "diskplan"), (19, "mdadm --create of md1 (/boot)", "mdadm"), (20, "mkfs.ext4 on md1", "mkfs.ext4"),
        (21, "the clearing of md2's members", "diskplan"), (22, "mdadm --create of md2 (/)", "mdadm"), (23, "mkfs.ext4 on md2", "mkfs.ext4"),
        (24, "the clearing of md3's members", "diskplan"), (25, "mdadm --create of md3 (guest ns1)", "mdadm"),
        (26, "the clearing of md4's members", "diskplan"), (27, "mdadm --create of md4 (guest web1, the last action)", "mdadm"),
    ]
    static let actionCount = 27

    /// Every step, cut while it runs and right after it is done.
    static let all: [PowerCut] = steps.flatMap { s in
        [Phase.during, .after].map { PowerCut(step: s.step, phase: $0, what: s.what, program: s.program) }
    } + [PowerCut(step: 23, phase: .superblockOnly, what: "mkfs.ext4 on md2", program: "mkfs.ext4")]

    /// CI's set: inside each disk's table write, inside an mdadm --create (the first, and the
    /// last: a raw guest array), inside an mkfs, and after the second table is written.
    static let ci: [PowerCut] = all.filter { c in
        c.phase == .during ? [1, 8, 16, 23, 27].contains(c.step) : c.phase == .superblockOnly || c.step == 8
    }

    /// The steps after this one's, to the end: the actions a cut leaves to do.
    var lastAction: Int {
        let i = Self.steps.firstIndex { $0.step == step }!
        return i + 1 < Self.steps.count ? Self.steps[i + 1].step - 1 : Self.actionCount
    }
}

/// The points an uninterrupted apply passes, in order, as powercut.so logged them:
/// `w N PID PROGRAM DEVICE OFFSET LENGTH` for a block-device write,
/// `j N PID PROGRAM <journal record>` for a record of diskplan's journal.
struct PowerCutLog: Sendable {
    struct Write: Sendable { var number: Int; var program: String; var device: String; var action: Int? }
    var writes: [Write] = []
    /// action number -> journal point of its last record (done or skipped).
    var finished: [Int: Int] = [:]

    init(_ text: String) {
        var running: Int?
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5, let n = Int(f[1]) else { continue }
            if f[0] == "w" {
                writes.append(Write(number: n, program: f[3], device: f[4], action: running))
            } else if f[0] == "j", f.count >= 9, let action = Int(f[5]) {
                // <stamp> <action> <kind> <device> <state...>
                let state = f[8...].joined(separator: " ")
                if state == "running" { running = action } else { finished[action] = n }
            }
        }
    }

    /// Where to cut: "w:N" before the middle write of the step's program, "j:N" after its last record.
    func point(for cut: PowerCut) -> String? {
        switch cut.phase {
        case .after, .superblockOnly:
            return finished[cut.lastAction].map { "j:\($0)" }
        case .during:
            let mine = writes(of: cut)
            guard !mine.isEmpty else { return nil }
            // Never the first write: "before the step" is the cut after the previous one.
            return "w:\(mine[mine.count == 1 ? 0 : max(1, mine.count / 2)].number)"
        }
    }

    /// The writes that never reach the disk: for `superblockOnly`, all of the program's but its last.
    func dropped(for cut: PowerCut) -> String? {
        let mine = writes(of: cut)
        guard cut.phase == .superblockOnly, let first = mine.first, let last = mine.last, first.number < last.number else { return nil }
        return "\(first.number)-\(last.number - 1)"
    }

    func writes(of cut: PowerCut) -> [Write] {
        writes.filter { w in w.action.map { (cut.step...cut.lastAction).contains($0) } == true && w.program == cut.program }
    }
}
