/// `plan` as scripts and the benchmarks call it, read without ArgumentParser.
///
/// ArgumentParser's parse reflects over the command's options (`Mirror`, and a
/// scan of every protocol conformance in the binary for each type it meets the
/// first time): about half the instructions of `plan` on two disks. The common
/// form is read here instead: one plan file, `--disk`, `--wipe`, `--inventory`
/// and `--out` each followed by a value, and the flags `--json`, `--quiet`,
/// `--degraded` and `--reinstall-host`. Anything else (help, `--disk=X`, a value
/// that starts with `-`, an option or flag given twice that is not a list, `--`,
/// a second plan file, flags `validate()` refuses) returns nil, and ArgumentParser
/// reads the arguments as before, with its own messages.
///
/// Every property of `Plan` and `PlanOptions` is set here: a property wrapper
/// that was never set stops the program when it is read. A new option of `plan`
/// must be added here too; until it is, its arguments go to ArgumentParser.
enum PlanArguments {
    static func command(_ arguments: [String]) -> DiskPlanCommand.Plan? {
        guard arguments.first == "plan" else { return nil }
        var file: String?
        var disks: [String] = [], wipe: [String] = []
        var inventory: String?, out: String?
        var flags: Set<String> = []
        var rest = arguments.dropFirst()
        while let word = rest.popFirst() {
            switch word {
            case "--disk", "--wipe", "--inventory", "--out":
                guard let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                switch word {
                case "--disk": disks.append(value)
                case "--wipe": wipe.append(value)
                case "--inventory":
                    guard inventory == nil else { return nil }
                    inventory = value
                default:
                    guard out == nil else { return nil }
                    out = value
                }
            case "--json", "--quiet", "--degraded", "--reinstall-host":
                guard flags.insert(word).inserted else { return nil }
            default:
                guard !word.hasPrefix("-"), file == nil else { return nil }
                file = word
            }
        }
        guard let file else { return nil }
        var options = PlanOptions()
        options.plan = file
        var diskOptions = DiskOptions()
        diskOptions.disks = disks
        options.diskOptions = diskOptions
        options.wipe = wipe
        options.inventory = inventory
        options.degraded = flags.contains("--degraded")
        options.reinstallHost = flags.contains("--reinstall-host")
        var plan = DiskPlanCommand.Plan()
        plan.options = options
        plan.json = flags.contains("--json")
        plan.quiet = flags.contains("--quiet")
        plan.out = out
        guard (try? plan.validate()) != nil else { return nil }
        return plan
    }
}
