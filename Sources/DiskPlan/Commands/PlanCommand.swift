import Apply
import ArgumentParser
import FoundationEssentials
import Layout

/// Options shared by `plan` and `apply`.
struct PlanOptions: ParsableArguments {
    @Argument(help: "A plan file (YAML), or for apply also a plan saved with `plan --out`.", completion: Completion.planOrSaved)
    var plan: String

    @Option(name: .customLong("disk"), help: "Use this disk instead of the plan's, in order; repeat once per disk (block device or image file).", completion: Completion.disk)
    var disks: [String] = []

    @Option(help: "Allow destroying what is on DISK (its partition table and signatures). Repeat per disk.", completion: Completion.disk)
    var wipe: [String] = []

    @Option(help: "Plan against this saved `probe --json` output instead of probing (nothing is read from the disks).")
    var inventory: String?

    @Flag(help: "With a disk of the plan absent or failed: create the arrays without it (mdadm's `missing` in its slot), to add it later.")
    var degraded = false

    @Flag(help: "From the rescue system: make the host's file systems anew and install the plan's image again; every guest array, its partitions and its superblock stay as they are.")
    var reinstallHost = false

    var plannerOptions: PlannerOptions {
        var o = PlannerOptions(disks: disks.isEmpty ? nil : disks, wipe: wipe, degraded: degraded)
        o.reinstallHost = reinstallHost
        return o
    }
}

/// Reads a plan file, probes its disks and plans: the common first half of `plan` and `apply`.
struct Planned {
    var file: String
    var plan: Layout.Plan
    var inventory: Inventory
    var result: PlanResult
    var disks: [String]
    var wipe: [String]

    static func make(_ o: PlanOptions) throws -> Planned {
        let file = try PlanFile.read(o.plan)
        let plan = file.plan
        let disks: [String]
        do { disks = try plan.disks(given: o.plannerOptions.disks) } catch { throw file.failure(error) }
        let inventory: Inventory
        do {
            inventory = try o.inventory.map(readInventory) ?? DiskProbe.inventory(for: plan, paths: disks, options: o.plannerOptions)
        } catch let e as ExitCode {
            throw e
        } catch {
            throw fail("\(error)")
        }
        do {
            let result = try Planner.plan(plan, inventory: inventory, options: o.plannerOptions)
            return Planned(file: o.plan, plan: plan, inventory: inventory, result: result, disks: disks, wipe: o.wipe)
        } catch {
            throw file.failure(error)
        }
    }
}

extension DiskPlanCommand {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Probe the disks, plan the layout and print every action (dry run).",
            discussion: "Exit status: 0 no changes, 2 changes pending, 1 error. Nothing is written to any disk.")

        @OptionGroup var options: PlanOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        @Option(help: "Save the plan with a fingerprint of every disk, for `apply FILE`.")
        var out: String?

        @Flag(help: "Print nothing but errors: the exit status tells whether changes are pending.")
        var quiet = false

        func validate() throws {
            if json && quiet { throw ValidationError("--json and --quiet exclude each other") }
        }

        func run() throws {
            let p = try Planned.make(options)
            if json {
                writeOut(try Render.json(p.result, planFile: p.file))
            } else if !quiet {
                writeHuman(p.result, planFile: p.file)
            }
            if let out {
                let saved = SavedPlan(planFile: p.file, plan: p.plan, disks: p.disks, wipe: p.wipe, inventory: p.inventory, actions: p.result.actions)
                do {
                    try Render.encoder().encode(saved).write(to: URL(fileURLWithPath: out))
                } catch {
                    throw fail("cannot write \(out): \(ioText(error))")
                }
                if !json && !quiet { writeOut("Saved to \(out); `diskplan apply \(out)` runs exactly these actions if the disks have not changed.\n") }
            }
            if p.result.hasChanges { throw ExitCode(2) }
        }
    }
}
