import Apply
import FoundationEssentials
public import Layout

/// The steps of `add-guest`: the plan file with a new guest, checked against every disk
/// and the arrays the machine runs, then written back.
public struct GuestAdd: Sendable {
    /// The plan file's path, where `write` puts the edited text.
    public var path: String
    /// The plan file's text with the guest added.
    public var text: String
    /// The plan of that text against the disks as they are.
    public var result: PlanResult

    /// Adds `guest` to the plan file's text and plans it against `disks` (empty: the plan's).
    /// Nothing is written: every error says so.
    public static func plan(_ file: PlanFile, guest: PlanEdit.Guest, disks: [String]) throws -> GuestAdd {
        let untouched = "Nothing was written to \(file.path)."
        let edited: (text: String, plan: Layout.Plan)
        do { edited = try PlanEdit.addGuest(guest, to: file.text, file: file.path) } catch { throw WorkflowError(error.description + "\n" + untouched) }
        let options = PlannerOptions(disks: disks.isEmpty ? nil : disks)
        do {
            let inventory = try Probe.inventory(paths: options.disks ?? edited.plan.disks)
            try checkMachine(edited.plan, guest: guest.name, inventory: inventory, untouched: untouched)
            let result = try Planner.plan(edited.plan, inventory: inventory, options: options)
            return GuestAdd(path: file.path, text: edited.text, result: result)
        } catch let e as WorkflowError {
            throw e
        } catch let e as PlanError {
            let line = edited.plan.arrays.first { $0.name == guest.name }?.line
            throw file.failure(PlanEdit.aboutNewGuest(e, name: guest.name, line: line), "\n" + untouched)
        } catch let e as DeviceError {
            throw WorkflowError("\(e): add-guest checks the new guest on every disk (the plan's, or those of --disk). \(untouched)")
        } catch {
            throw WorkflowError("\(error)")
        }
    }

    /// No array the machine runs has the new guest's md device or name.
    static func checkMachine(_ plan: Layout.Plan, guest name: String, inventory: Inventory, untouched: String) throws {
        guard let spec = plan.arrays.first(where: { $0.name == name }) else { return }
        let fullName = Layout.Planner.arrayName(host: plan.host, spec)
        if let a = inventory.arrays.first(where: { $0.device == spec.device || $0.name == fullName }) {
            throw WorkflowError("this machine runs \(a.device)\(a.name.map { " '\($0)'" } ?? ""); choose another \(a.device == spec.device ? "md number (--md)" : "name"). \(untouched)")
        }
    }

    /// Writes the edited plan file.
    public func write() throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { throw WorkflowError("cannot write \(path): \(ioText(error))") }
    }
}
