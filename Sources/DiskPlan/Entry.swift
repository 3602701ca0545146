import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The program: parse the arguments, run the command, exit 0, 2 or 1.
@main
enum Entry {
    static func main() {
        exit(DiskPlanCommand.exitStatus(running: Array(CommandLine.arguments.dropFirst())))
    }
}
