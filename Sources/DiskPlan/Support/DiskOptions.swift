import ArgumentParser

/// `--disk`, the same in every command that works on a plan's disks.
struct DiskOptions: ParsableArguments {
    @Option(name: .customLong("disk"), help: "Use this disk instead of the plan's, in order; repeat once per disk (block device or image file).", completion: Completion.disk)
    var disks: [String] = []
}
