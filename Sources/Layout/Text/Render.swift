public import FoundationEssentials

/// Turns a plan result into what a reviewer reads, or into JSON.
public enum Render {
    /// The dry run in words: every action in order with its command line or
    /// libparted change, what is kept, the arrays and each disk's layout after.
    public static func human(_ r: PlanResult, planFile: String?, style: TextStyle = .plain) -> String {
        var text = ""
        human(r, planFile: planFile, style: style) { text += $0 }
        return text
    }

    /// The same, handed out line by line (each with its newline), so a large
    /// plan is never held as a whole. `style` colours headings and actions.
    public static func human(_ r: PlanResult, planFile: String?, style: TextStyle = .plain, emit: @escaping (String) -> Void) {
        var out = LineSink(emit: emit)
        let title = planFile.map { "Plan \($0)" } ?? "Plan"
        out.append(style.bold("\(title) for host \(r.host) on \(r.disks.count) disks (dry run: nothing is written)"))
        out.append("")
        out.append(style.bold("Disks:"))
        out += diskLines(r.target)
        out.append("")
        if r.actions.isEmpty {
            out.append("No changes: the disks already hold this plan.")
        } else {
            out.append(style.bold("Actions, in order (\(r.actions.count)):"))
            let nw = String(r.actions.count).count
            for (i, a) in r.actions.enumerated() {
                out.append("  \(pad(String(i + 1), nw, right: true)). " + style.action(a, a.summary))
                let indent = String(repeating: " ", count: nw + 6)
                if let argv = a.argv { out.append(indent + style.dim("$ " + shellQuoted(argv))) }
                if let d = a.detail { out.append(indent + style.dim(d)) }
            }
        }
        if !r.kept.isEmpty {
            out.append("")
            out.append(style.bold("Kept as they are (\(r.kept.count)):"))
            for k in r.kept { out.append("  - \(k.summary)") }
        }
        out.append("")
        out.append(style.bold("Arrays after:"))
        out += table(
            ["md", "name", "level", "metadata", "size", "members", "use"],
            r.arrays.map { a in
                [a.md + (a.device != a.md ? " (runs as \(a.device))" : ""), a.name, a.level.displayName, a.metadata, Size.human(a.sizeBytes) + (a.exists ? "" : "*"),
                 a.members.joined(separator: " ") + (a.spares.map { " + spare " + $0.joined(separator: " ") } ?? ""),
                 (a.format == .raw ? "raw" : a.format.rawValue) + (a.mount.map { " \($0)" } ?? "") + (a.guest ? " (guest)" : "") + (a.exists ? ", kept" : "")]
            }
        ).map { "  " + $0 }
        if r.arrays.contains(where: { !$0.exists }) {
            out.append("  * estimated from mdadm's rules; apply reads the real size back")
        }
        for d in r.target.diskViews {
            out.append("")
            out.append(style.bold("Layout of \(d.path) after (\(d.set.map { "set \($0), " } ?? "")\(d.label == .gpt ? "GPT" : "MS-DOS"), \(d.logicalSectorSize)-byte sectors):"))
            out += table(
                ["#", "start", "end", "sectors", "size", "type", "name", "use", ""],
                d.partitions.map { p in
                    [String(p.number), String(p.startSector), String(p.startSector + p.sizeSectors - 1), String(p.sizeSectors),
                     Size.human(p.sizeBytes), p.type, p.name ?? "-", p.use, p.state]
                },
                rightAligned: [0, 1, 2, 3, 4]
            ).map { "  " + $0 }
        }
        if !r.notes.isEmpty {
            out.append("")
            out.append(style.bold("Notes:"))
            for n in r.notes { out.append("  - \(n)") }
        }
        out.append("")
        out.append(r.hasChanges
            ? style.yellow("\(r.actions.count) action(s) pending. Nothing was written.")
            : style.green("Nothing to do."))
    }

    /// One line per disk; under a heading per set when the plan names sets.
    static func diskLines(_ t: TargetLayout) -> [String] {
        let w = t.disks.map(\.path.count).max() ?? 0
        func line(_ d: TargetDisk, _ indent: String) -> String {
            let size = pad(Size.human(d.sizeBytes), 11)
            return "\(indent)\(pad(d.path, w))  \(size)  \(d.logicalSectorSize)-byte logical / \(d.physicalSectorSize)-byte physical sectors"
                + (d.spare == true ? "  (spare)" : "")
        }
        guard !t.sets.isEmpty else { return t.disks.map { line($0, "  ") } }
        var out: [String] = []
        for (k, set) in t.sets.enumerated() {
            let arrays: [String] = t.arrays.filter { t.setName(of: $0) == set.name }.map(\.md)
            let what = arrays.isEmpty ? "no arrays" : arrays.joined(separator: " ")
            out.append("  set \(set.name)" + (k == 0 ? " (boots the host)" : "") + ": " + what)
            out += t.disks.filter { $0.set == set.name }.map { line($0, "    ") }
        }
        return out
    }

    /// Receives lines; `+=` and `append` keep the look of building an array.
    struct LineSink {
        let emit: (String) -> Void
        mutating func append(_ line: String) { emit(line + "\n") }
        static func += (sink: inout LineSink, lines: [String]) { for l in lines { sink.append(l) } }
    }

    /// One JSON object: `disks`, `actions`, `kept`, `arrays`, `notes`, `changes`.
    public static func json(_ r: PlanResult, planFile: String?) throws -> String {
        struct Doc: Encodable {
            var plan: String?
            var host: String
            var changes: Bool
            var disks: [TargetDisk.JSON]
            var actions: [Action]
            var kept: [KeptItem]
            var arrays: [TargetArray.JSON]
            var notes: [String]
        }
        let doc = Doc(plan: planFile, host: r.host, changes: r.hasChanges, disks: r.target.diskViews, actions: r.actions, kept: r.kept,
                      arrays: r.arrays.map { TargetArray.JSON($0) }, notes: r.notes)
        return String(decoding: try encoder().encode(doc), as: UTF8.self) + "\n"
    }

    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }

    /// A command line as a reader would type it; quoting only where needed.
    public static func shellQuoted(_ argv: [String]) -> String {
        argv.map { arg in
            let safe = !arg.isEmpty && arg.utf8.allSatisfy(isSafeByte)
            return safe ? arg : "'" + arg.replacing("'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// ASCII letters, digits and `-_./=:,+@%#` need no quoting.
    static func isSafeByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "-_./=:,+@%#".utf8.contains(b)
        }
    }

    static func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, w - s.count))
        return right ? fill + s : s + fill
    }

    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            var line = row.indices.map { c in pad(row[c], widths[c], right: rightAligned.contains(c)) }.joined(separator: "  ")
            while line.last?.isWhitespace == true { line.removeLast() }
            return line
        }
    }
}
