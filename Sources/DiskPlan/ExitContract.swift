import ArgumentParser
import Workflow

/// Every command exits 0, 2 or 1 and nothing else. A usage error (an unknown option,
/// a missing argument, flags that exclude each other) is an error like any other: 1,
/// with a message naming what to fix; never ArgumentParser's 64. Help and version exit 0.
extension DiskPlanCommand {
    /// Runs the command `arguments` name (the program's arguments without its name)
    /// and returns its exit status.
    static func exitStatus(running arguments: [String]) -> Int32 {
        if let refusal = refusal(arguments) {
            _ = fail(refusal)
            return 1
        }
        do {
            if let plan = PlanArguments.command(arguments) {
                try plan.run()
                return 0
            }
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let e as WorkflowError {
            _ = fail(e.message)
            return 1
        } catch {
            return exitStatus(for: error)
        }
    }

    /// What a thrown error means: 0 for help and version (printed here), 2 for the
    /// "changes pending" or "degraded" a command throws as `ExitCode(2)`, 1 for the rest.
    /// (A step of the workflow that fails, a `WorkflowError`, is printed and exits 1 above.)
    static func exitStatus(for error: any Error) -> Int32 {
        // ArgumentParser gives an ExitCode no message; asking it builds the help of every
        // command first (a quarter of `plan`'s instructions on two blank disks).
        if let code = error as? ExitCode { return code.rawValue == 0 || code.rawValue == 2 ? code.rawValue : 1 }
        let code = exitCode(for: error).rawValue
        let text = fullMessage(for: error)
        if code == 0 {
            if !text.isEmpty { writeOut(text + "\n") }
            return 0
        }
        if code == 2, error is ExitCode { return 2 }
        if !text.isEmpty { _ = fail(usageText(text)) }
        return 1
    }

    /// ArgumentParser's message in the form of the tool's own: `diskplan: Unknown option '--x'`.
    static func usageText(_ text: String) -> String {
        text.hasPrefix("Error: ") ? String(text.dropFirst("Error: ".count)) : text
    }

    /// Arguments that name no command: none at all, an unknown first word, or `help`
    /// followed by a name that is not a command (which ArgumentParser answers with the
    /// general help and exit 0).
    static func refusal(_ arguments: [String]) -> String? {
        let names = commandNames(Self.self)
        guard let first = arguments.first else {
            return "name a command: \(names.joined(separator: ", ")) (`diskplan --help` says what each does)"
        }
        if !first.hasPrefix("-"), first != "help", !names.contains(first) {
            return "there is no command '\(first)'; the commands are: \(names.joined(separator: ", "))"
        }
        guard first == "help" else { return nil }
        var command: any ParsableCommand.Type = Self.self
        for name in arguments.dropFirst() where !name.hasPrefix("-") {
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else {
                let known = commandNames(command)
                return "help: there is no command '\(name)'" + (known.isEmpty ? "" : "; the commands are: \(known.joined(separator: ", "))")
            }
            command = sub
        }
        return nil
    }

    static func commandNames(_ command: any ParsableCommand.Type) -> [String] {
        command.configuration.subcommands.map { $0._commandName }
    }
}
