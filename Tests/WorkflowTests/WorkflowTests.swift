import Apply
import Foundation
import Layout
import Testing
import Workflow

/// The workflow without the command line: plan, the saved-plan check and the consent
/// that guards every write, on sparse image files.
@Suite struct WorkflowTests {
    @Test func planOnBlankImagesHasActionsAndWritesNothing() throws {
        let images = try Images()
        defer { images.remove() }
        let before = try images.ends()
        let p = try Planned.make(PlanRequest(plan: images.planFile))
        #expect(p.disks == images.disks)
        #expect(p.result.hasChanges)
        #expect(p.result.actions.contains { $0.kind == .createArray })
        #expect(try images.ends() == before)
    }

    @Test func aPlanThatDoesNotParseNamesTheFileAndLine() throws {
        let images = try Images()
        defer { images.remove() }
        try "host: h\ndisks: [\(images.disks[0])]\narrays:\n  - {name: root, size: lots}\n".write(toFile: images.planFile, atomically: true, encoding: .utf8)
        let message = try #require(failure { _ = try Planned.make(PlanRequest(plan: images.planFile)) })
        #expect(message.hasPrefix("\(images.planFile):"), "\(message)")
    }

    @Test func aSavedPlanRunsTheActionsItSaved() throws {
        let images = try Images()
        defer { images.remove() }
        let p = try Planned.make(PlanRequest(plan: images.planFile))
        let saved = images.path("saved.json")
        try p.save(to: saved)
        let again = try #require(try Planned.saved(PlanRequest(plan: saved)))
        #expect(again.result.actions == p.result.actions)
        #expect(again.disks == p.disks)
        #expect(try Planned.saved(PlanRequest(plan: images.planFile)) == nil)
    }

    @Test func aSavedPlanRefusesWhenADiskChanged() throws {
        let images = try Images()
        defer { images.remove() }
        let saved = images.path("saved.json")
        try Planned.make(PlanRequest(plan: images.planFile)).save(to: saved)
        try images.newTable(images.disks[1])
        let message = try #require(failure { _ = try Planned.load(PlanRequest(plan: saved)) })
        #expect(message.hasPrefix("refusing: the disks changed since \(saved) was saved. Plan again.\n"), "\(message)")
        #expect(message.contains("\(images.disks[1]) changed since the plan was saved:\n    was: table none\n    now: table gpt"), "\(message)")
    }

    @Test func aSavedPlanFixesItsDisksAndWipes() throws {
        let images = try Images()
        defer { images.remove() }
        let saved = images.path("saved.json")
        try Planned.make(PlanRequest(plan: images.planFile)).save(to: saved)
        for request in [PlanRequest(plan: saved, disks: images.disks), PlanRequest(plan: saved, wipe: [images.disks[0]]), PlanRequest(plan: saved, degraded: true)] {
            #expect(failure { _ = try Planned.load(request) }?.hasPrefix("a saved plan fixes its disks and --wipe") == true)
        }
        #expect(failure { _ = try Planned.make(PlanRequest(plan: saved)) }?.contains("is a saved plan (`plan --out`), not a plan file") == true)
    }

    @Test func withoutConsentNothingRunsAndNothingIsWritten() throws {
        let images = try Images()
        defer { images.remove() }
        let before = try images.ends()
        let p = try Planned.make(PlanRequest(plan: images.planFile))
        let observer = Recorder(consents: false)
        let message = failure { _ = try ApplyRun.execute(p, journal: images.path("journal"), observer: observer) }
        #expect(message == "not confirmed; nothing was written")
        #expect(observer.asked == 1 && observer.started == 0 && observer.events.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: images.path("journal")))
        #expect(try images.ends() == before)
    }

    /// With consent the preflight comes next; on a kernel without md it stops the run there.
    @Test func withConsentThePreflightRunsBeforeAnyWrite() throws {
        try #require(!FileManager.default.fileExists(atPath: "/proc/mdstat"), "this machine's kernel runs md: the test is about one that does not")
        let images = try Images()
        defer { images.remove() }
        let before = try images.ends()
        let p = try Planned.make(PlanRequest(plan: images.planFile))
        let observer = Recorder(consents: true)
        let message = failure { _ = try ApplyRun.execute(p, journal: nil, observer: observer) }
        #expect(message?.hasPrefix("preflight: this run could not finish; nothing was written:\n") == true, "\(message ?? "")")
        #expect(observer.asked == 1 && observer.started == 0 && observer.events.isEmpty)
        #expect(try images.ends() == before)
    }

    @Test func verifyAfterApplyFailsWhileThePlanStillHasActions() throws {
        let images = try Images()
        defer { images.remove() }
        let p = try Planned.make(PlanRequest(plan: images.planFile))
        let message = try #require(failure { _ = try AfterApply.verify(p, degraded: false, report: nil) })
        #expect(message.hasPrefix("after apply the plan still shows \(p.result.actions.count) action(s): "), "\(message)")
    }

    @Test func theHostFilesAreWrittenWhereAsked() throws {
        let images = try Images()
        defer { images.remove() }
        let path = images.path("no-such-dir/mdadm.conf")
        let message = failure { _ = try HostFileSteps.writeMdadmConf([], host: "h", to: path) }
        #expect(message?.hasPrefix("writing \(path): ") == true, "\(message ?? "")")
        #expect(HostFileSteps.systemMdadmConf(given: "/x/mdadm.conf") == "/x/mdadm.conf")
        #expect(HostFileSteps.initramfsAdvice(hostInstalled: true).hasPrefix("The installed host has its own mdadm.conf"))
    }

    @Test func importNeedsTwoDisks() throws {
        let images = try Images()
        defer { images.remove() }
        let message = failure { _ = try ImportRun.plan(disks: [images.disks[0]], host: nil) }
        #expect(message == "found md members on 1 disk(s); a plan needs two or more: name them")
    }

    @Test func statusOfBlankImagesIsDrift() throws {
        let images = try Images()
        defer { images.remove() }
        let status = StatusRun(try PlanFile.read(images.planFile), disks: [])
        let report = try status.check(status.machine())
        #expect(report.exitStatus == 2)
        #expect(!report.syncing)
    }
}
