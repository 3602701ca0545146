import ArgumentParser
import Layout
import Workflow

extension DiskPlanCommand {
    struct RestoreGuest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore-guest",
            abstract: "Write a guest saved by save-guest into a guest's array.",
            discussion: """
                Finds the guest's array by its identity on the disks and starts it if it does not run. Before it \
                writes, it checks that the image fits the array, that nothing uses the array, and that the array \
                holds no data (no signature libblkid knows, zeros in its first MiB) unless --overwrite; from a file \
                it also checks the file's SHA-256 against its record (FILE.diskplan-guest). A stream (--from -, \
                as save-guest --to - writes it) is checked as it ends: a wrong or missing checksum then fails the \
                restore. The image may go into a larger array; the rest of it is left as it was.
                Example: ssh backup 'cat web1.guest' | diskplan restore-guest PLAN web1 --from -
                """)

        @OptionGroup var guest: GuestArguments
        var plan: String { guest.plan }
        var name: String { guest.name }
        var disks: [String] { guest.diskOptions.disks }

        @Option(help: "The image file save-guest wrote (its record beside it), or - for a stream on standard input.")
        var from: String

        @Flag(help: "Write over an array that holds data (never over one in use).")
        var overwrite = false

        func run() throws {
            try withRunLock {
                let progress = CopyProgress(guest: name)
                let restored = try GuestRestore.run(try PlanFile.read(plan), name: name, from: from, disks: disks, overwrite: overwrite) {
                    progress.update($0 == "checking" ? "check" : "restore", done: $1, total: $2)
                }
                progress.end()
                let r = restored.record
                var text = "Restored guest \(name) (\(restored.guest.array.name), \(restored.guest.device)) from \(from == "-" ? "standard input" : from): "
                    + "\(progress.summary(r.sizeBytes)), SHA-256 \(r.sha256 ?? "-") as saved.\n"
                text += "  saved from \(r.guest) (\(r.array), array UUID \(r.arrayUUID)), \(r.sizeBytes) bytes"
                    + (restored.guest.sizeBytes > r.sizeBytes ? "; the array's last \(restored.guest.sizeBytes - r.sizeBytes) bytes are as they were" : "") + "\n"
                if let stopped = restored.stopped { text += "  \(stopped)\n" }
                writeOut(text)
            }
        }
    }
}
