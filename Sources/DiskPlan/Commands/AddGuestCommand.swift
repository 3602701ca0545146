import Apply
import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct AddGuest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append a guest to a plan file (keeping its comments), then print the dry run of the change.",
            discussion: """
                The name and md number must be free in the plan and on the machine, and the size must fit \
                in the free space common to all disks; else nothing is written. Exit status as `plan`: \
                2 changes pending (the new guest), 1 error.
                """)

        @Argument(help: "The plan file to edit.", completion: Completion.plan)
        var plan: String

        @Argument(help: "The guest's name (letters, digits, '-', '_', '.').")
        var name: String

        @Argument(help: "The guest array's usable size, e.g. 10G.")
        var size: String

        @Option(parsing: .unconditional, help: "N of /dev/mdN (default: the next number after the plan's last entry).")
        var md: Int?

        @Option(help: "RAID level (default: the plan's).")
        var level: String?

        @Option(name: .customLong("disk"), help: "Use this disk instead of the plan's, in order; repeat once per disk.", completion: Completion.disk)
        var disks: [String] = []

        func run() throws {
            let file = try PlanFile.read(plan)
            let edited: (text: String, plan: Layout.Plan)
            do {
                edited = try PlanEdit.addGuest(.init(name: name, size: size, md: md, level: level), to: file.text, file: plan)
            } catch { throw fail(error.description + "\nNothing was written to \(plan).") }
            let options = PlannerOptions(disks: disks.isEmpty ? nil : disks)
            let result: PlanResult
            do {
                let inventory = try DiskProbe.inventory(paths: options.disks ?? edited.plan.disks)
                try checkMachine(edited.plan, inventory: inventory)
                result = try Planner.plan(edited.plan, inventory: inventory, options: options)
            } catch let e as ExitCode {
                throw e
            } catch let e as PlanError {
                let line = edited.plan.arrays.first { $0.name == name }?.line
                throw file.failure(PlanEdit.aboutNewGuest(e, name: name, line: line), "\nNothing was written to \(plan).")
            } catch let e as DeviceError {
                throw fail("\(e): add-guest checks the new guest on every disk (the plan's, or those of --disk). Nothing was written to \(plan).")
            } catch {
                throw fail("\(error)")
            }
            do { try edited.text.write(toFile: plan, atomically: true, encoding: .utf8) } catch { throw fail("cannot write \(plan): \(ioText(error))") }
            writeOut("Added guest '\(name)' to \(plan).\n\n")
            writeHuman(result, planFile: plan)
            if result.hasChanges { throw ExitCode(2) }
        }

        /// No array the machine runs has the new guest's md device or name.
        func checkMachine(_ plan: Layout.Plan, inventory: Inventory) throws {
            guard let spec = plan.arrays.first(where: { $0.name == name }) else { return }
            let fullName = Layout.Planner.arrayName(host: plan.host, spec)
            if let a = inventory.arrays.first(where: { $0.device == spec.device || $0.name == fullName }) {
                throw fail("this machine runs \(a.device)\(a.name.map { " '\($0)'" } ?? ""); choose another \(a.device == spec.device ? "md number (--md)" : "name"). Nothing was written to \(self.plan).")
            }
        }
    }
}
