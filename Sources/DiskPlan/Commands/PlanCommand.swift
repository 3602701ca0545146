import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

/// Options shared by `plan` and `apply`.
struct PlanOptions: ParsableArguments {
    @Argument(help: "A plan file (YAML), or for apply also a plan saved with `plan --out`.", completion: Completion.planOrSaved)
    var plan: String

    @OptionGroup var diskOptions: DiskOptions
    var disks: [String] { diskOptions.disks }

    @Option(help: "Allow destroying what is on DISK (its partition table and signatures). Repeat per disk.", completion: Completion.disk)
    var wipe: [String] = []

    @Option(help: "Plan against this saved `probe --json` output instead of probing (nothing is read from the disks).")
    var inventory: String?

    @Flag(help: "With a disk of the plan absent or failed: create the arrays without it (mdadm's `missing` in its slot), to add it later.")
    var degraded = false

    @Flag(help: "From the rescue system: make the host's file systems anew and install the plan's image again; every guest array, its partitions and its superblock stay as they are.")
    var reinstallHost = false

    /// What to plan, for the workflow.
    var request: PlanRequest {
        PlanRequest(plan: plan, disks: disks, wipe: wipe, inventory: inventory, degraded: degraded, reinstallHost: reinstallHost)
    }
}

extension DiskPlanCommand {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
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
            let p = try Planned.make(options.request)
            if json {
                writeOut(try Render.json(p.result, planFile: p.file))
            } else if !quiet {
                writeHuman(p.result, planFile: p.file)
            }
            if let out {
                try p.save(to: out)
                if !json && !quiet { writeOut("Saved to \(out); `diskplan apply \(out)` runs exactly these actions if the disks have not changed.\n") }
            }
            if p.result.hasChanges { throw ExitCode(2) }
        }
    }
}
