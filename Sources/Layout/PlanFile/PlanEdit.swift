/// Edits of a plan file's text that keep its comments and layout: a line is
/// inserted, nothing is re-dumped.
public enum PlanEdit {
    /// A guest to add: `{name: web2, size: 10G}` plus what was given.
    public struct Guest: Sendable, Equatable {
        public var name: String
        public var size: String
        public var md: Int?
        public var level: String?
        /// The set of disks it goes on (`on:`); nil: the first set.
        public var on: String?

        public init(name: String, size: String, md: Int? = nil, level: String? = nil, on: String? = nil) {
            self.name = name
            self.size = size
            self.md = md
            self.level = level
            self.on = on
        }

        /// The flow mapping of the entry: `{name: web2, size: 10G, md: 6}`.
        var flow: String {
            var kv = ["name: \(name)", "size: \(size)"]
            if let md { kv.append("md: \(md)") }
            if let level { kv.append("level: \(level)") }
            if let on { kv.append("on: \(on)") }
            return "{" + kv.joined(separator: ", ") + "}"
        }
    }

    /// `text` with `guest` appended to its `guests:` list (a `guests:` section is added at the end
    /// if there is none). The result is parsed: a name or md number the plan already uses, a bad
    /// size or level is an error naming the field, and `text` stays as it was.
    public static func addGuest(_ guest: Guest, to text: String, file: String? = nil) throws(PlanError) -> (text: String, plan: Plan) {
        let before = try PlanParser.parse(text, file: file)
        if let e = before.arrays.first(where: { $0.name == guest.name }) {
            throw PlanError(file: file, line: e.line, key: "name", "'\(guest.name)' is already in the plan")
        }
        if let md = guest.md, let e = before.arrays.first(where: { $0.md == md }) {
            throw PlanError(file: file, line: e.line, key: "md", "md\(md) is already in the plan ('\(e.name)')")
        }
        let (edited, line) = try insert(guest, into: text, file: file)
        do {
            return (edited, try PlanParser.parse(edited, file: file))
        } catch {
            throw aboutNewGuest(error, name: guest.name, line: line)
        }
    }

    /// An error at the new entry's line, which the file does not hold (nothing is written when
    /// there is an error): without the line, the entry named by the guest (`guests 'web2'.size`).
    public static func aboutNewGuest(_ error: PlanError, name: String, line: Int?) -> PlanError {
        guard let line, error.line == line else { return error }
        var e = error
        e.line = nil
        if let key = e.key, key.hasPrefix("guests["), let close = key.firstIndex(of: "]") {
            e.key = "guests '\(name)'" + key[key.index(after: close)...]
        }
        return e
    }

    /// The text with the entry's line after the last entry of the top-level `guests:` block,
    /// and the number of that line.
    static func insert(_ guest: Guest, into text: String, file: String?) throws(PlanError) -> (text: String, line: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let start = lines.firstIndex(where: { $0.hasPrefix("guests:") }) else {
            return ((lines + ["guests:", "  - \(guest.flow)"]).joined(separator: "\n") + "\n", lines.count + 2)
        }
        let rest = lines[start].dropFirst("guests:".count).split(separator: "#", maxSplits: 1).first.map { String($0).trimmingCharacters(in: Character(" ")) } ?? ""
        guard rest.isEmpty else {
            throw PlanError(file: file, line: start + 1, key: "guests", "is written on one line; add-guest appends to a block list (`guests:` then `  - {...}` lines)")
        }
        var end = start
        var indent = "  "
        var k = start + 1
        while k < lines.count, lines[k].first.map({ " #\t-".contains($0) }) ?? true {
            let trimmed = lines[k].drop { $0 == " " }
            if !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                end = k
                if trimmed.hasPrefix("- ") { indent = String(lines[k].prefix { $0 == " " }) }
            }
            k += 1
        }
        lines.insert("\(indent)- \(guest.flow)", at: end + 1)
        return (lines.joined(separator: "\n") + "\n", end + 2)
    }
}
