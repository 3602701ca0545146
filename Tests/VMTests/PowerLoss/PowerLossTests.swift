import Foundation
import Synchronization
import Testing

/// The power-loss matrix: the Xen plan's apply on two blank disks is cut while each step
/// runs and right after it is done (Tests/vm/powercut.c picks the exact write or journal
/// record); the next boot runs the same apply, which must finish the job: the same
/// partitions, arrays, names and formats as an uninterrupted run, clean file systems,
/// every array in mdadm.conf, a re-plan without changes, and nothing made twice.
/// CI runs `PowerCut.ci`; `scripts/test-power-loss` runs all of them. Each case appends
/// a line to out/power-loss/report.txt.
@Suite(.serialized)
struct PowerLossTests {
    static let cases: [PowerCut] = VM.fullSuite || ProcessInfo.processInfo.environment["DISKPLAN_POWER_LOSS"] == "all" ? PowerCut.all : PowerCut.ci

    @Test("a power cut inside or after a step of apply: the same apply finishes the job", arguments: cases)
    func cutAndResume(_ cut: PowerCut) throws {
        let started = Date()
        let calibration = try Self.calibration.get()
        let point = try #require(calibration.log.point(for: cut), "no point for \(cut) in the calibration run:\n\(calibration.result.files["powercut.log"]?.prefix(3000) ?? "")")
        let keep = FileManager.default.temporaryDirectory.appendingPathComponent("vm-powerloss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keep) }

        let cutRun = try VM.run(script: "powerloss/powercut-cut.sh", environment: ["POINT": point, "DROP": calibration.log.dropped(for: cut) ?? ""], disks: Self.blankDisks, keepDisksIn: keep, extraBinaries: [calibration.binary],
                                inputs: ["plan.yaml": calibration.plan], inputFiles: ["powercut.so": calibration.shim], timeout: 900)
        var problems: [String] = []
        if !cutRun.powerLoss || cutRun.exitStatus != 0 { problems.append("the VM did not lose power at \(point)") }
        if cutRun.files["hit"]?.hasPrefix(point + " ") != true { problems.append("cut at \(cutRun.files["hit"] ?? "nothing"), not \(point)") }

        var resumed: VMResult?
        if problems.isEmpty {
            let r = try VM.run(script: "powerloss/powercut-resume.sh", disks: VMDisk.kept(in: keep, count: 2),
                               extraBinaries: [calibration.binary], inputs: ["plan.yaml": calibration.plan], timeout: 900)
            problems += PowerLossChecks(cut: cut, cutRun: cutRun, resumed: r, reference: calibration.result).problems
            resumed = r
        }
        Self.report(cut, point: point, problems: problems, seconds: Date().timeIntervalSince(started))
        #expect(problems.isEmpty, Self.describe(problems, cutRun, resumed))
    }

    /// Tests/vm/scenarios/powerloss/powercut-calibrate.sh, powercut-cut.sh and powercut-resume.sh run on these.
    static let blankDisks: [VMDisk] = [.new(size: 200 * ApplyScenarioTests.gb), .new(size: 200 * ApplyScenarioTests.gb)]

    // MARK: - Calibration: one uninterrupted apply, every point logged

    struct Calibration: Sendable {
        var binary: String
        var shim: String
        var plan: String
        var result: VMResult
        var log: PowerCutLog
    }

    static let calibration: Result<Calibration, any Error> = Result { try calibrate() }

    static func calibrate() throws -> Calibration {
        let binary = try VM.releaseBinary()
        let shim = try buildShim()
        let plan = try ApplyScenarioTests.plan("xen-host.yaml")
        let r = try VM.run(script: "powerloss/powercut-calibrate.sh", disks: blankDisks, extraBinaries: [binary], inputs: ["plan.yaml": plan], inputFiles: ["powercut.so": shim], timeout: 900)
        guard r.exitStatus == 0, ApplyScenarioTests.status(r, "apply") == "0", let text = r.files["powercut.log"] else {
            throw VMError.harness("the calibration apply failed (exit \(r.exitStatus)):\n\(r.output.suffix(4000))\n\(r.files["apply.txt"] ?? "")")
        }
        let log = PowerCutLog(text)
        // The matrix names the steps of today's Xen plan: the journal must show exactly those actions.
        guard log.finished.keys.sorted() == Array(1...PowerCut.actionCount) else {
            throw VMError.harness("the Xen plan's apply recorded actions \(log.finished.keys.sorted()), not 1...\(PowerCut.actionCount): update PowerCut.steps")
        }
        return Calibration(binary: binary, shim: shim, plan: plan, result: r, log: log)
    }

    /// Tests/vm/powercut.c, built for the VM (Debian bookworm's glibc, as this machine's toolchain links).
    static func buildShim() throws -> String {
        let dir = VM.repoRoot.appendingPathComponent(".build/vm-powercut")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("powercut.so").path
        let log = dir.appendingPathComponent("build.log")
        let status = try VM.runProcess(["/usr/bin/env", "clang", "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", out,
                                        VM.repoRoot.appendingPathComponent("Tests/vm/powercut.c").path, "-ldl"], log: log, timeout: 300)
        guard status == 0 else { throw VMError.build("powercut.c: " + ((try? String(contentsOf: log, encoding: .utf8)) ?? "")) }
        return out
    }

    // MARK: - Report

    static let reportLock = Mutex(())

    static func report(_ cut: PowerCut, point: String, problems: [String], seconds: Double) {
        let dir = VM.repoRoot.appendingPathComponent("out/power-loss")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let line = "\(problems.isEmpty ? "survived" : "FAILED  ") \(point)\t\(cut)\t\(Int(seconds)) s" + problems.map { "\n    \($0)" }.joined() + "\n"
        reportLock.withLock { _ in
            let path = dir.appendingPathComponent("report.txt").path
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            if let h = FileHandle(forWritingAtPath: path) { h.seekToEndOfFile(); h.write(Data(line.utf8)); try? h.close() }
        }
    }

    static func describe(_ problems: [String], _ cut: VMResult, _ resumed: VMResult?) -> Comment {
        let cutPart = ApplyScenarioTests.describe(cut, "the cut boot").rawValue
        let resumedPart = resumed.map { ApplyScenarioTests.describe($0, "the resumed boot").rawValue } ?? ""
        return Comment(rawValue: problems.joined(separator: "\n") + "\n=== " + cutPart + "\n--- journal\n" + (cut.files["journal"] ?? "") + "\n=== " + resumedPart)
    }
}
