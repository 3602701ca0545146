import Foundation
import Testing

/// Help texts are paragraphs that ArgumentParser wraps to the width: no line
/// breaks in the middle of a sentence where the next word would still have fit.
@Suite struct HelpTextTests {
    static let width = 80

    /// The overview and discussion of a help screen: the text before `USAGE:`, by paragraph.
    static func paragraphs(_ help: String) -> [[String]] {
        let head = help.components(separatedBy: "\nUSAGE:").first ?? ""
        return head.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
    }

    /// Lines of a paragraph that end before the width forced them to, in the middle of a sentence.
    static func earlyBreaks(_ lines: [String]) -> [String] {
        zip(lines, lines.dropFirst()).compactMap { line, next in
            let ended = line.hasSuffix(".") || line.hasSuffix(":")
            let nextWord = next.split(separator: " ").first?.count ?? 0
            // ArgumentParser keeps a line shorter than the width: it breaks when the next word would reach it.
            return ended || line.count + 1 + nextWord >= width ? nil : line
        }
    }

    @Test(arguments: [[], ["probe"], ["plan"], ["apply"], ["status"], ["import"], ["add-guest"], ["guests"], ["convert-installimage"], ["replace-disk"]])
    func helpBreaksLinesOnlyWhereTheWidthForces(_ command: [String]) throws {
        let r = try CLI.run(command + ["--help"], environment: ["COLUMNS": "\(Self.width)"])
        #expect(r.status == 0)
        let paragraphs = Self.paragraphs(r.stdout)
        #expect(paragraphs.count >= 1 && paragraphs[0].first?.hasPrefix("OVERVIEW: ") == true, "\(r.stdout)")
        for lines in paragraphs {
            #expect(Self.earlyBreaks(lines).isEmpty, "\(command): \(lines.joined(separator: "\n"))")
            #expect(lines.allSatisfy { $0.count < Self.width }, "\(command): \(lines)")
        }
    }

    /// The check itself: it finds the breaks the help texts had.
    @Test func earlyBreaksAreFound() {
        let old = ["The name and md number must be free in the plan and on the machine, and the", "size must fit", "in the free space common to all disks."]
        #expect(Self.earlyBreaks(old) == ["size must fit"])
        let wrapped = ["Exit status of status: 0 healthy and as planned, 2 degraded or drifted, 1", "error."]
        #expect(Self.earlyBreaks(wrapped).isEmpty)
    }
}
