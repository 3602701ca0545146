import Apply
import ArgumentParser
import Layout
import Platform
import Workflow

extension DiskPlanCommand {
    struct SaveGuest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "save-guest",
            abstract: "Copy a guest's array, byte for byte, into a sparse image file or to standard output.",
            discussion: """
                Finds the guest's array by its identity on the disks (never by md number) and starts it if it \
                does not run (and stops it again afterwards). Refuses while something has it open for writing \
                (a running guest): shut the guest down, or pause it and pass --allow-open. \
                Into a file, runs of zeros are left as holes; FILE.diskplan-guest records the guest, the array's \
                name and UUID, the size and the SHA-256 (what sha256sum FILE prints). With --to -, standard output \
                carries one stream: that record, a line ---, the bytes, and a line with the SHA-256, which \
                restore-guest --from - checks. Progress goes to standard error. It takes no run lock (it only \
                reads), so it runs beside restore-guest in one pipe.
                Example: diskplan save-guest PLAN web1 --to - | ssh backup 'cat > web1.guest'
                """)

        @OptionGroup var guest: GuestArguments
        var plan: String { guest.plan }
        var name: String { guest.name }
        var disks: [String] { guest.diskOptions.disks }

        @Option(help: "The image file to write (it must not exist), or - for standard output.")
        var to: String

        @Flag(help: "Copy although a process has the array open for writing (pause the guest first: xl pause, virsh suspend).")
        var allowOpen = false

        func validate() throws {
            if to == "-", isatty(STDOUT_FILENO) == 1 { throw ValidationError("--to - writes the image to standard output, which is a terminal: redirect it or pipe it") }
        }

        func run() throws {
            // No run lock: a save only reads (and starts a stopped array), and it must run beside
            // restore-guest, which holds the lock, in one pipe.
            do {
                let progress = CopyProgress(guest: name)
                let saved = try GuestSave.run(try PlanFile.read(plan), name: name, to: to, disks: disks, allowOpen: allowOpen) {
                    progress.update("save", done: $0, total: $1)
                }
                progress.end()
                let r = saved.record
                var text = "Saved guest \(name) (\(r.array), \(saved.guest.device)) to \(to == "-" ? "standard output" : to): \(progress.summary(r.sizeBytes)).\n"
                if let allocated = saved.allocatedBytes {
                    text += "  \(Size.human(allocated)) of it on disk; the rest are holes (zeros).\n"
                }
                text += "  array UUID \(r.arrayUUID), \(r.sizeBytes) bytes, SHA-256 \(r.sha256 ?? "-")\n"
                if let path = saved.recordPath { text += "  record: \(path)\n" }
                if let stopped = saved.stopped { text += "  \(stopped)\n" }
                Posix.writeAll(to == "-" ? STDERR_FILENO : STDOUT_FILENO, Array(text.utf8))
            }
        }
    }
}
