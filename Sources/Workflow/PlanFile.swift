import FoundationEssentials
public import Layout

/// A plan file as a command reads it: its path, its text and the plan parsed from it.
/// `read` is the one reader of a plan file; `saved` reads a saved plan, which only `apply` takes.
public struct PlanFile {
    public var path: String
    public var text: String
    public var plan: Layout.Plan

    /// Reads and parses `path`, or fails naming the file: it cannot be read, it is a saved
    /// plan (`plan --out`, which only `apply` runs), or the parser's error (`file:line: key: ...`).
    public static func read(_ path: String) throws -> PlanFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw WorkflowError("cannot read \(path): \(ioText(error))")
        }
        if let saved = SavedPlanHeader.read(text) {
            let source = saved.planFile.map { " (\($0))" } ?? ""
            throw WorkflowError("\(path) is a saved plan (`plan --out`), not a plan file: `diskplan apply \(path)` runs it; "
                + "give this command the plan file it was saved from\(source)")
        }
        do {
            return PlanFile(path: path, text: text, plan: try PlanParser.parse(text, file: path))
        } catch {
            throw WorkflowError(error.description)
        }
    }

    /// The saved plan (`plan --out`) at `path`, which only `apply` runs; nil when the file is not one.
    public static func saved(_ path: String) -> SavedPlan? {
        guard let data = FileManager.default.contents(atPath: path), data.first == UInt8(ascii: "{"),
              let saved = try? Render.decoder().decode(SavedPlan.self, from: data), saved.format == SavedPlan.formatName else { return nil }
        return saved
    }

    /// An error of planning this file, naming the file and line (`plans/x.yaml:12: arrays 'root': ...`).
    public func failure(_ error: PlanError, _ more: String = "") -> WorkflowError {
        var e = error
        e.file = path
        return WorkflowError(e.description + more)
    }
}

/// A saved `probe --json`, or an error naming the file and what it is not.
public func readInventory(_ path: String) throws -> Inventory {
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw WorkflowError("cannot read \(path): \(ioText(error))")
    }
    do {
        return try Render.decoder().decode(Inventory.self, from: data)
    } catch {
        throw WorkflowError("\(path) is not the JSON that `diskplan probe --json` prints; save that output and give it to --inventory")
    }
}

/// The first fields of a saved plan: enough to tell one from a plan file.
struct SavedPlanHeader: Decodable {
    var format: String
    var planFile: String?

    static func read(_ text: String) -> SavedPlanHeader? {
        guard text.first(where: { !$0.isWhitespace }) == "{",
              let header = try? Render.decoder().decode(SavedPlanHeader.self, from: Data(text.utf8)),
              header.format.hasPrefix("diskplan-saved-plan/") else { return nil }
        return header
    }
}
