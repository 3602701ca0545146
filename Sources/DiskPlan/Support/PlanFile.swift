import FoundationEssentials
import Layout

/// A plan file's text, or exit 1 naming the file. A saved plan (`plan --out`) is
/// refused here, saying what takes it: only `apply` runs one (see `Apply.load`).
func readPlanText(_ path: String) throws -> String {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw fail("cannot read \(path): \(ioText(error))")
    }
    if let saved = SavedPlanHeader.read(text) {
        let source = saved.planFile.map { " (\($0))" } ?? ""
        throw fail("\(path) is a saved plan (`plan --out`), not a plan file: `diskplan apply \(path)` runs it; "
            + "give this command the plan file it was saved from\(source)")
    }
    return text
}

/// A plan file, parsed, or exit 1 with the parser's error.
func readPlan(_ path: String) throws -> Layout.Plan {
    let text = try readPlanText(path)
    do {
        return try PlanParser.parse(text, file: path)
    } catch {
        throw fail(error.description)
    }
}

/// A saved `probe --json`, or exit 1 naming the file and what it is not.
func readInventory(_ path: String) throws -> Inventory {
    let data: Data
    do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw fail("cannot read \(path): \(ioText(error))")
    }
    do {
        return try Render.decoder().decode(Inventory.self, from: data)
    } catch {
        throw fail("\(path) is not the JSON that `diskplan probe --json` prints; save that output and give it to --inventory")
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
