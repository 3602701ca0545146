// libFuzzer target: the plan parser, the planner and the dry-run renderer on
// arbitrary plan files. Built by fuzz/run together with Sources/Layout (see
// there); not part of the package. A crash, a trap or a failed check below is
// a finding.
//
// Checked on every input:
// - parse, plan and render never crash (no trap, no overflow, no out-of-range index);
// - every PlanError names the line and the key at fault, except where there
//   is none to name (`unlocated` says which);
// - a plan planned on blank disks, once "applied" (its layout written into the
//   inventory as the probe would read it back), plans again with no actions:
//   apply's final check would otherwise fail after the disks were written.

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The command line reads plan files as UTF-8 and refuses other bytes before parsing.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return -1 }
    let plan: Plan
    do {
        plan = try PlanParser.parse(text, file: "fuzz.yaml")
    } catch {
        check(error, plan: nil)
        return 0
    }
    for inventory in FuzzDisks.inventories(plan) {
        for options in [PlannerOptions(), PlannerOptions(wipe: plan.disks)] {
            do {
                let result = try Planner.plan(plan, inventory: inventory, options: options)
                Render.human(result, planFile: "fuzz.yaml") { _ in }
                _ = try? Render.json(result, planFile: "fuzz.yaml")
                if inventory.disks.allSatisfy({ $0.table == nil }), options.wipe.isEmpty {
                    checkSecondPlanIsEmpty(plan, result, inventory)
                }
            } catch {
                check(error, plan: plan)
            }
        }
    }
    return 0
}

/// Why `e` may lack a line or a key, or nil when it must name both:
/// - YAML that does not parse names its line but no key: there are no keys yet;
/// - so does a document that is not a mapping, or whose top-level key is not a word;
/// - an empty document has no line and no key;
/// - the command line's options (`--disk`, `--wipe`) have no line in the file;
/// - a key the plan leaves at its default (`label`, `firmware`) has no line.
func whyUnlocated(_ e: PlanError, plan: Plan?) -> String? {
    if e.message.hasPrefix("not valid YAML"), e.line != nil { return "YAML syntax" }
    if e.message.hasPrefix("the plan"), e.line != nil, e.key == nil { return "document" }
    if e.message == "the plan is empty" { return "empty document" }
    guard e.line == nil, let key = e.key else { return nil }
    if key == "--disk" || key == "--wipe" { return "command-line option" }
    if let plan, ["label", "firmware"].contains(key), plan.line(of: key) == nil { return "default of \(key)" }
    return nil
}

func check(_ e: PlanError, plan: Plan?) {
    if plan == nil, e.file != "fuzz.yaml" { fatalError("an error without its file: \(e)") }
    if e.line != nil, e.key != nil { return }
    if whyUnlocated(e, plan: plan) == nil { fatalError("an error without line or key: \(e)") }
}

func checkSecondPlanIsEmpty(_ plan: Plan, _ result: PlanResult, _ blank: Inventory) {
    let after = FuzzDisks.applied(result, inventory: blank, plan: plan)
    do {
        let again = try Planner.plan(plan, inventory: after)
        if again.hasChanges {
            fatalError("planned again after apply, the plan still has actions: \(again.actions.map(\.summary))")
        }
    } catch {
        fatalError("planned again after apply, the plan fails: \(error)")
    }
}
