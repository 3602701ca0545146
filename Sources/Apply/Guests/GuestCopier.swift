public import Layout
import Platform

/// The byte copy under `save-guest` and `restore-guest`: a guest's array to a file or pipe and
/// back, in 1 MiB pieces, hashed as it goes. Into a regular file, a piece of zeros is not
/// written but skipped over, so the image is sparse; a block device gets every byte. Without
/// an output it only reads and hashes (restore-guest's check of a file against its record).
public struct GuestCopier {
    public static let piece = 1 << 20

    /// Where the bytes go (nil: nowhere); `sparse` only for a regular file (truncated to its size at the end).
    public var output: Int32?
    public var outputName: String
    public var sparse: Bool
    /// Called after each piece with the bytes copied so far.
    public var progress: (UInt64) -> Void

    public init(output: Int32?, outputName: String, sparse: Bool, progress: @escaping (UInt64) -> Void) {
        self.output = output
        self.outputName = outputName
        self.sparse = sparse
        self.progress = progress
    }

    /// Copies `count` bytes from `input`, adding them to `hash`.
    public func copy(from input: Int32, inputName: String, count: UInt64, hash: inout SHA256) throws(DeviceError) {
        var buffer = [UInt8](repeating: 0, count: Self.piece)
        var done: UInt64 = 0
        while done < count {
            let want = Int(min(UInt64(Self.piece), count - done))
            let got = try Self.fill(&buffer, want, from: input, name: inputName)
            guard got == want else {
                throw DeviceError(path: inputName, operation: "read", message: "it ended after \(done + UInt64(got)) of \(count) bytes")
            }
            let written = buffer.withUnsafeBytes { all in
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<want])
                hash.update(bytes)
                return Result { () throws(DeviceError) in try put(bytes) }
            }
            try written.get()
            done += UInt64(want)
            progress(done)
        }
        try finish(count)
    }

    /// Writes one piece, or skips over it when it is zeros and the output is sparse.
    func put(_ bytes: UnsafeRawBufferPointer) throws(DeviceError) {
        guard let output else { return }
        if sparse, Self.isZero(bytes) {
            guard lseek(output, off_t(bytes.count), SEEK_CUR) >= 0 else { throw DeviceError(path: outputName, operation: "lseek", message: errnoText()) }
            return
        }
        guard Posix.writeAll(output, bytes) else { throw DeviceError(path: outputName, operation: "write", message: errnoText()) }
    }

    /// A sparse file gets its full size (a trailing hole); a file or device is synced.
    func finish(_ count: UInt64) throws(DeviceError) {
        guard let output else { return }
        if sparse, ftruncate(output, off_t(count)) != 0 { throw DeviceError(path: outputName, operation: "ftruncate", message: errnoText()) }
        if fsync(output) != 0, errno != EINVAL, errno != EROFS { throw DeviceError(path: outputName, operation: "fsync", message: errnoText()) }
    }

    /// Reads until `want` bytes are in `buffer` or the input ends (a pipe gives less per read);
    /// returns how many came.
    public static func fill(_ buffer: inout [UInt8], _ want: Int, from fd: Int32, name: String) throws(DeviceError) -> Int {
        var got = 0
        while got < want {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, want - got) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw DeviceError(path: name, operation: "read", message: errnoText()) }
            if n == 0 { break }
            got += n
        }
        return got
    }

    /// Reads a stream's head, a byte at a time up to its `---` line (at most 4 KiB), so that
    /// not one byte of the image is taken from the input.
    public static func readHead(from fd: Int32, name: String) throws(DeviceError) -> String {
        var head: [UInt8] = []
        var byte: [UInt8] = [0]
        let end = Array(("\n" + GuestStream.separator).utf8)
        while head.count < 4096 {
            guard try fill(&byte, 1, from: fd, name: name) == 1 else { break }
            head.append(byte[0])
            if head.count >= end.count, Array(head.suffix(end.count)) == end { return String(decoding: head.dropLast(GuestStream.separator.utf8.count), as: UTF8.self) }
        }
        throw DeviceError(path: name, operation: "", message: "does not start with a save-guest head (its record, then a line ---): not a stream save-guest wrote")
    }

    /// Whether the first MiB of `device` (or all of it, when smaller) reads as zeros.
    public static func startsWithZeros(_ device: String) throws(DeviceError) -> Bool {
        let fd = open(device, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DeviceError(path: device, operation: "open", message: errnoText()) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: piece)
        let got = try fill(&buffer, piece, from: fd, name: device)
        return buffer.withUnsafeBytes { isZero(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
    }

    static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let words = bytes.count / 8
        for i in 0..<words where bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) != 0 { return false }
        return bytes[(words * 8)...].allSatisfy { $0 == 0 }
    }
}
