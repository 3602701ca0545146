/// The converted plan as a plan file: YAML in the style of plans/, each entry
/// under the installimage line it came from, differences as comments.
extension Conversion {
    func yaml(source: String) -> String {
        var out: [String] = [
            "# diskplan plan converted from \(source) (an installimage config) by `diskplan convert-installimage`.",
            "# Review it, then see every action it takes: diskplan plan THIS-FILE",
            "#",
            "# Where diskplan differs from installimage:",
        ]
        for n in notes { out += Self.wrap(n, first: "# - ", rest: "#   ") }
        out.append("")
        out.append(Self.commented("host: \(host)", hostLine.map { "\($0.text)\(host == $0.words.first ? "" : ": the short name is the homehost")" } ?? "from --host"))
        out.append(Self.commented("disks: [\(disks.map(Self.scalar).joined(separator: ", "))]", (1...disks.count).map { "DRIVE\($0)" }.joined(separator: ", ")))
        for n in labelNotes { out += Self.wrap(n, first: "# ", rest: "# ") }
        out.append("label: gpt")
        out.append(Self.commented("firmware: \(firmware.rawValue)", firmware == .uefi ? "PART /boot/efi esp: UEFI" : "no ESP in the config: BIOS"))
        if let image { out.append(Self.commented("image: \(Self.scalar(image))", "IMAGE: apply installs it, with GRUB on every disk")) }
        out.append(Self.commented("raid: {level: \(level.rawValue)}", "SWRAID 1, " + (levelGiven ? "SWRAIDLEVEL \(level.rawValue)" : "no SWRAIDLEVEL: installimage's default 1")))
        out.append("arrays:")
        for (md, e) in entries.enumerated() {
            out.append("  # \(e.source.text)")
            for n in e.notes { out += Self.wrap(n, first: "  # - ", rest: "  #   ") }
            var fields = ["name: \(e.name)", "md: \(md)", "size: \(e.size)"]
            if e.format != .raw { fields.append("format: \(e.format.rawValue)") }
            if let m = e.mount { fields.append("mount: \(Self.scalar(m))") }
            if let l = e.level { fields.append("level: \(l.rawValue)") }
            out.append("  - {\(fields.joined(separator: ", "))}")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func commented(_ line: String, _ comment: String) -> String {
        line + String(repeating: " ", count: max(1, 34 - line.count)) + "# " + comment
    }

    /// A YAML flow scalar: plain where that is unambiguous, double-quoted otherwise.
    static func scalar(_ s: String) -> String {
        let plain = !s.isEmpty && s.first != "-" && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/_.-+=~@".contains($0)) }
        if plain { return s }
        return "\"" + s.flatMap { $0 == "\\" || $0 == "\"" ? ["\\", $0] : [$0] } + "\""
    }

    /// Words wrapped to lines of at most 100 characters.
    static func wrap(_ text: String, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > 100, line != first, line != rest {
                lines.append(line)
                line = rest
            }
            line += (line == first || line == rest ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }
}
