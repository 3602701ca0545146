import Apply
import FoundationEssentials
public import Layout
import Platform

/// `save-guest`: a guest's array, byte for byte, into a sparse image file with its record
/// beside it, or as one stream (head, bytes, checksum) to standard output.
public enum GuestSave {
    public struct Saved: Sendable {
        public var record: GuestRecord
        public var guest: GuestArray
        /// The record file beside the image; nil for a stream or a device.
        public var recordPath: String?
        /// Bytes the image file takes on its file system (the rest are holes); nil for a stream.
        public var allocatedBytes: UInt64?
        /// What happened to an array diskplan started for the copy.
        public var stopped: String?
    }

    /// Saves the guest `name` to `path` (`-`: standard output). `allowOpen`: copy although a
    /// process has the array open for writing (the admin paused the guest).
    public static func run(_ file: PlanFile, name: String, to path: String, disks: [String], allowOpen: Bool,
                           progress: @escaping (UInt64, UInt64) -> Void) throws -> Saved {
        if path != "-" { try checkFree(path) }
        let g = try GuestArray.locate(file, name: name, disks: disks)
        var saved: Saved
        do {
            if !allowOpen, let refusal = GuestCopy.readRefusal(name, device: g.device, uses: g.uses) { throw WorkflowError(refusal + " Nothing was written.") }
            saved = try save(g, to: path, progress: progress)
        } catch {
            _ = g.stopIfStarted()
            throw error
        }
        saved.stopped = g.stopIfStarted()
        return saved
    }

    static func save(_ g: GuestArray, to path: String, progress: @escaping (UInt64, UInt64) -> Void) throws -> Saved {
        let toStream = path == "-"
        var result = Saved(record: GuestRecord(guest: g.name, array: g.array.name, arrayUUID: g.uuid, sizeBytes: g.sizeBytes), guest: g)
        let input = open(g.device, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw WorkflowError("\(g.device): open: \(String(cString: strerror(errno)))") }
        defer { close(input) }
        var hash = SHA256()
        if toStream {
            try stream(g, input: input, record: result.record, hash: &hash, progress: progress)
        } else {
            result.allocatedBytes = try image(g, input: input, path: path, hash: &hash, progress: progress)
        }
        let digest = hash.finalize()
        result.record.sha256 = digest
        if toStream {
            guard Posix.writeAll(1, GuestStream.tail(sha256: digest)) else { throw WorkflowError("writing the stream's checksum: \(String(cString: strerror(errno)))") }
        } else {
            result.recordPath = path + GuestRecord.suffix
            do { try result.record.text.write(toFile: path + GuestRecord.suffix, atomically: true, encoding: .utf8) } catch {
                throw WorkflowError("writing \(path + GuestRecord.suffix): \(ioText(error)); the image \(path) is complete but has no record")
            }
        }
        return result
    }

    /// Neither the image nor its record may exist: save-guest does not write over a saved guest.
    static func checkFree(_ path: String) throws {
        for p in [path, path + GuestRecord.suffix] where FileManager.default.fileExists(atPath: p) {
            throw WorkflowError("\(p) exists; save-guest does not write over it (remove it, or give another file). Nothing was written.")
        }
    }

    static func stream(_ g: GuestArray, input: Int32, record: GuestRecord, hash: inout SHA256, progress: @escaping (UInt64, UInt64) -> Void) throws {
        guard Posix.writeAll(1, GuestStream.head(record)) else { throw WorkflowError("writing to standard output: \(String(cString: strerror(errno)))") }
        let copier = GuestCopier(output: 1, outputName: "standard output", sparse: false) { progress($0, g.sizeBytes) }
        do { try copier.copy(from: input, inputName: g.device, count: g.sizeBytes, hash: &hash) } catch { throw WorkflowError("\(error)") }
    }

    /// Copies into a new file; returns the bytes it occupies.
    static func image(_ g: GuestArray, input: Int32, path: String, hash: inout SHA256, progress: @escaping (UInt64, UInt64) -> Void) throws -> UInt64 {
        let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw WorkflowError("\(path): open: \(String(cString: strerror(errno))). Nothing was written.") }
        defer { close(output) }
        var st = stat()
        let regular = fstat(output, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        let copier = GuestCopier(output: output, outputName: path, sparse: regular) { progress($0, g.sizeBytes) }
        do {
            try copier.copy(from: input, inputName: g.device, count: g.sizeBytes, hash: &hash)
        } catch {
            if regular { unlink(path) }
            throw WorkflowError("\(error)" + (regular ? "; the partial image \(path) was removed" : ""))
        }
        guard fstat(output, &st) == 0 else { return 0 }
        return UInt64(st.st_blocks) * 512
    }
}
