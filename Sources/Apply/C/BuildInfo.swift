// What the build stamped into the binary; it lives with the C shim because a
// C macro is the one value a build command line (-Xcc -D) can set.

internal import CParted

public enum BuildInfo {
    /// `git describe` of the release (scripts/release), or a note that this
    /// binary came from a plain `swift build`.
    public static let version = String(cString: diskplan_version())
}
