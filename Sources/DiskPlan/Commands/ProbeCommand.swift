import Apply
import ArgumentParser
import Layout
import Workflow

extension DiskPlanCommand {
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "probe",
            abstract: "Show disks, partition tables, free space and signatures. Writes nothing.")

        @Argument(help: "Block devices or image files (default: every disk of the machine).", completion: Completion.disk)
        var devices: [String] = []

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func run() throws {
            let inventory = try ProbeRun.inventory(devices)
            do { writeOut(json ? try ProbeReport.json(inventory) : ProbeReport.human(inventory)) } catch { throw fail("\(error)") }
        }
    }
}
