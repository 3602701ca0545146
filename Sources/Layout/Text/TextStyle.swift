/// Colour for text a person reads on a terminal. The caller decides whether
/// to use it (a terminal, no `NO_COLOR`); `plain` leaves text unchanged, which
/// is what files, pipes and the golden tests get.
public struct TextStyle: Sendable, Equatable {
    public var enabled: Bool

    public static let plain = TextStyle(enabled: false)
    public static let ansi = TextStyle(enabled: true)

    public init(enabled: Bool) { self.enabled = enabled }

    public func bold(_ s: String) -> String { sgr("1", s) }
    public func dim(_ s: String) -> String { sgr("2", s) }
    public func red(_ s: String) -> String { sgr("1;31", s) }
    public func green(_ s: String) -> String { sgr("32", s) }
    public func yellow(_ s: String) -> String { sgr("33", s) }

    /// An action's summary in its tone (`Action.tone`): destruction in red, creation in green.
    public func action(_ a: Action, _ text: String) -> String {
        switch a.tone {
        case .destroys: red(text)
        case .neutral: text
        case .creates: green(text)
        }
    }

    /// Select Graphic Rendition: `ESC [ codes m`, reset after the text.
    private func sgr(_ codes: String, _ s: String) -> String {
        guard enabled, !s.isEmpty else { return s }
        return "\u{1B}[\(codes)m\(s)\u{1B}[0m"
    }
}
