import ArgumentParser
import FoundationEssentials
import Layout
import Workflow

extension DiskPlanCommand {
    struct ConvertInstallimage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert-installimage",
            abstract: "Turn an installimage config (DRIVE, SWRAID, SWRAIDLEVEL, PART) into a plan file.",
            discussion: """
                The plan keeps installimage's arrays in their order and sizes, with a comment wherever \
                diskplan differs (identical members on every disk, array names, bitmap, metadata, table type). \
                LV, SUBVOL and encryption are refused with the reason. Reads the config only; writes the plan.
                """)

        @Argument(help: "An installimage config file (the file installimage's editor shows, or one for autosetup).", completion: .file())
        var file: String

        @Option(help: "Host name for the arrays (default: the config's HOSTNAME up to its first dot).")
        var host: String?

        @Option(help: "Write the plan to this file instead of standard output.")
        var out: String?

        func run() throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw fail("cannot read \(file): \(ioText(error))")
            }
            let plan: String
            do {
                plan = try InstallimageConverter.convert(text, file: file, host: host)
            } catch {
                throw fail(error.description)
            }
            guard let out else { return writeOut(plan) }
            do {
                try plan.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw fail("cannot write \(out): \(ioText(error))")
            }
        }
    }
}
