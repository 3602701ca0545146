import FoundationEssentials
import Layout

/// A plan file's text, or exit 1 naming the file.
func readPlanText(_ path: String) throws -> String {
    do {
        return try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw fail("cannot read \(path): \(ioText(error))")
    }
}

/// A plan file, parsed, or exit 1 with the parser's error.
func readPlan(_ path: String) throws -> Layout.Plan {
    do {
        return try PlanParser.parse(try readPlanText(path), file: path)
    } catch let e as PlanError {
        throw fail(e.description)
    }
}
