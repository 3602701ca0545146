// Small system-call helpers shared by the probe and the writer. Every failure
// becomes a DeviceError naming the path.

import Platform
import FoundationEssentials
import Layout

/// `strerror(errno)`, or of the given code.
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

package enum Posix {
    enum FileKind { case blockDevice, regularFile }

    /// `realpath(3)`: the path with every symbolic link resolved.
    static func realPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else {
            let code = errno
            guard code == ENOENT || code == ENOTDIR else {
                throw DeviceError(path: path, operation: "realpath", message: errnoText(code))
            }
            throw DeviceError(path: path, operation: "", message: absence(path))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Why a path names nothing: it does not exist, or it is a link to what does not.
    static func absence(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return "does not exist" }
        let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "is a symbolic link to \(target), which does not exist"
    }

    /// `stat(2)`: a block device or a regular file (an image); anything else is refused.
    static func fileKind(_ path: String) throws -> FileKind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DeviceError(path: path, operation: "stat", message: errnoText())
        }
        switch info.st_mode & S_IFMT {
        case S_IFBLK: return .blockDevice
        case S_IFREG: return .regularFile
        default: throw DeviceError(path: path, operation: "stat", message: "neither a block device nor a regular file")
        }
    }

    /// `write(2)` until every byte is out, retrying short writes and EINTR. False when a write fails.
    @discardableResult
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// The same for bytes in memory the caller holds.
    @discardableResult
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// `pread(2)` until `buffer` is full from byte `offset`, retrying short reads and EINTR.
    /// False when a read fails or the file ends first.
    static func preadAll(_ fd: Int32, _ buffer: inout [UInt8], at offset: UInt64) -> Bool {
        guard offset <= UInt64(Int64.max) else { return false }
        let count = buffer.count
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// `open(2)` with `O_CLOEXEC`, runs `body` with the descriptor, always `close(2)`s it.
    static func withDescriptor<T>(_ path: String, flags: Int32, _ body: (Int32) throws -> T) throws -> T {
        let fd = open(path, flags | O_CLOEXEC)
        guard fd >= 0 else { throw DeviceError(path: path, operation: "open", message: errnoText()) }
        defer { close(fd) }
        return try body(fd)
    }

    /// The size in bytes of an open device or file (`lseek(fd, 0, SEEK_END)`,
    /// which works for both).
    static func size(_ fd: Int32, path: String) throws -> UInt64 {
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { throw DeviceError(path: path, operation: "lseek", message: errnoText()) }
        return UInt64(end)
    }

    /// A sysfs attribute without its trailing newline and blanks; nil when
    /// missing or empty.
    static func sysfs(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let trimmed = text.trimmed()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The partitions the kernel knows of a whole disk (`vda` -> [("vda1", 1), ...]), from sysfs.
    static func partitions(ofDisk name: String) -> [(name: String, number: Int)] {
        directory("/sys/class/block/\(name)").compactMap { child in
            sysfs("/sys/class/block/\(name)/\(child)/partition").flatMap(Int.init).map { (child, $0) }
        }
    }

    /// The names in a directory, sorted; empty when it does not exist.
    static func directory(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// The last component of the target of a symbolic link (`readlink(2)`).
    static func linkTargetName(_ path: String) -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
        return target.split(separator: "/").last.map(String.init)
    }
}
