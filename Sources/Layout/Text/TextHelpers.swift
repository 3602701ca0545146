/// The few text operations the package used from full Foundation, which
/// FoundationEssentials does not have (they belong to its internationalized
/// part, with ICU). Each does what its Foundation counterpart did for the
/// ASCII and UTF-8 text diskplan handles.
extension StringProtocol {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`: spaces, tabs and line breaks off both ends.
    package func trimmed() -> String {
        trimmed(where: \.isWhitespace)
    }

    /// `trimmingCharacters(in: .whitespaces)`: spaces and tabs off both ends, line breaks kept.
    package func trimmedSpaces() -> String {
        trimmed { $0.isWhitespace && !$0.isNewline }
    }

    /// `NSString.lastPathComponent`: what follows the last `/`, trailing slashes ignored;
    /// "/" for the root and the text itself when it has no slash.
    package var lastPathComponent: String {
        if let last = split(separator: "/").last { return String(last) }
        return hasPrefix("/") ? "/" : String(self)
    }

    private func trimmed(where drop: (Character) -> Bool) -> String {
        guard let start = firstIndex(where: { !drop($0) }), let end = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[start...end])
    }
}
