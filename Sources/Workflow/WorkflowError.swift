import FoundationEssentials
import Platform

/// A step of a workflow that could not go on: the message the command line prints after
/// `diskplan:` before it exits 1. Every step of the workflow fails with this one type.
public struct WorkflowError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// What a failed read or write of a file says: the system's text for the errno that
/// FoundationEssentials' error carries ("No such file or directory").
/// A file that is not UTF-8 text (a binary, a disk image) is "not a text file".
public func ioText(_ error: any Error) -> String {
    if let cocoa = error as? CocoaError, [.fileReadCorruptFile, .fileReadInapplicableStringEncoding].contains(cocoa.code) {
        return "not a text file (it is not UTF-8 text)"
    }
    let posix = (error as? CocoaError)?.underlying as? POSIXError ?? error as? POSIXError
    guard let code = posix?.code.rawValue else { return "\(error)" }
    return String(cString: strerror(code))
}
