import ArgumentParser
import Layout
import Workflow

extension DiskPlanCommand {
    struct Guests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "guests",
            abstract: "Print each guest's disk for the hypervisor, by a path that survives md renumbering.",
            discussion: "Paths are udev's /dev/disk/by-id/md-name-HOST:NAME (or md-uuid-UUID for entries tied by uuid).")

        @Argument(help: "A plan file (YAML).", completion: Completion.plan)
        var plan: String

        @Flag(help: "Xen `disk = ['phy:PATH,xvda,w']` lines (the default).")
        var xen = false

        @Flag(help: "libvirt `<disk type='block'>` elements.")
        var libvirt = false

        @Flag(help: "A JSON list of name, md, path, size.")
        var json = false

        func validate() throws {
            if [xen, libvirt, json].filter({ $0 }).count > 1 { throw ValidationError("give one of --xen, --libvirt, --json") }
        }

        func run() throws {
            let p = try PlanFile.read(plan).plan
            let style: GuestLines.Style = libvirt ? .libvirt : json ? .json : .xen
            do { writeOut(try GuestLines.render(GuestLines.guests(p), style: style)) } catch { throw fail("\(error)") }
        }
    }
}
