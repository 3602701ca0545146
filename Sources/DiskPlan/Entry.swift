import ArgumentParser
import CArguments
import Platform

/// The program: parse the arguments, run the command, exit 0, 2 or 1.
@main
enum Entry {
    static func main() {
        guard let arguments = programArguments() else {
            _ = fail("cannot read the command line: mount /proc (mount -t proc proc /proc) and run the command again")
            exit(1)
        }
        exit(DiskPlanCommand.exitStatus(running: Array(arguments.dropFirst())))
    }

    /// The arguments main was given, program name first: from the C runtime (see CArguments.h),
    /// else from the Swift runtime, which reads /proc/self/cmdline; nil when neither has them.
    static func programArguments() -> [String]? {
        if let argv = diskplan_argv(), diskplan_argc() > 0 {
            return (0..<Int(diskplan_argc())).map { argv[$0].map { String(cString: $0) } ?? "" }
        }
        let fromProc = CommandLine.arguments
        return fromProc.isEmpty ? nil : fromProc
    }
}
