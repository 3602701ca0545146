/// Where a disk's bytes live, so that one disk given under two paths (a
/// symlink, a by-id name, a second device node, a hard link to an image, a
/// loop device on an image) is recognised as one.
public struct DiskIdentity: Sendable, Codable, Equatable, CustomStringConvertible {
    /// `block 8:0` for a block device (its device number), `file 254:1 inode 131`
    /// for an image file (the device of its file system and its inode).
    public var id: String
    /// For a loop device: its backing file, written like a file's `id`. The loop
    /// device shows that file's bytes.
    public var backingFile: String?

    public init(id: String, backingFile: String? = nil) {
        self.id = id
        self.backingFile = backingFile
    }

    public static func block(major: UInt64, minor: UInt64) -> String { "block \(major):\(minor)" }

    public static func file(major: UInt64, minor: UInt64, inode: UInt64) -> String { "file \(major):\(minor) inode \(inode)" }

    /// Every name of the bytes this disk shows.
    public var all: [String] { [id] + (backingFile.map { [$0] } ?? []) }

    public var description: String { id + (backingFile.map { ", a loop device on \($0)" } ?? "") }
}
