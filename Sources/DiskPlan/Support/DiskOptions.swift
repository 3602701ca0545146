import ArgumentParser

/// `--disk`, the same in every command that works on a plan's disks.
struct DiskOptions: ParsableArguments {
    @Option(name: .customLong("disk"), help: "Use this disk instead of the plan's, in order; repeat once per disk (block device or image file).", completion: Completion.disk)
    var disks: [String] = []
}

/// The plan and the guest that `save-guest` and `restore-guest` copy, and `--disk`.
struct GuestArguments: ParsableArguments {
    @Argument(help: "The plan file (YAML).", completion: Completion.plan)
    var plan: String

    @Argument(help: "The guest's name in the plan.")
    var name: String

    @OptionGroup var diskOptions: DiskOptions
}
