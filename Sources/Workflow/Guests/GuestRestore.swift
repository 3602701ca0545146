import Apply
import FoundationEssentials
public import Layout
import Platform

/// `restore-guest`: a saved guest written into a guest's array, after its size and (for a
/// file) its checksum were checked; a stream's checksum is checked as it ends.
public enum GuestRestore {
    public struct Restored: Sendable {
        public var record: GuestRecord
        public var guest: GuestArray
        public var stopped: String?
    }

    /// What a phase of the restore reports: `checking` a file against its record, `restoring`.
    public typealias Progress = (_ phase: String, _ done: UInt64, _ total: UInt64) -> Void

    /// Restores `from` (a file with its record beside it, or `-`: a stream on standard input)
    /// into the guest `name`. `overwrite`: write over an array that holds data.
    public static func run(_ file: PlanFile, name: String, from path: String, disks: [String], overwrite: Bool,
                           progress: @escaping Progress) throws -> Restored {
        let fromStream = path == "-"
        var record = fromStream ? try streamRecord() : try fileRecord(path)
        let g = try GuestArray.locate(file, name: name, disks: disks)
        do {
            try check(file, g, record: record, overwrite: overwrite)
            if !fromStream { try verify(path, record: record, progress: progress) }
            record.sha256 = try write(g, from: fromStream ? nil : path, record: record, progress: progress)
        } catch {
            _ = g.stopIfStarted()
            throw error
        }
        return Restored(record: record, guest: g, stopped: g.stopIfStarted())
    }

    /// A file's record (`FILE.diskplan-guest`), checked against the file's size.
    static func fileRecord(_ path: String) throws -> GuestRecord {
        let recordPath = path + GuestRecord.suffix
        let text: String
        do { text = try String(contentsOfFile: recordPath, encoding: .utf8) } catch {
            throw WorkflowError("\(recordPath): \(ioText(error)); restore-guest checks the size and checksum that save-guest records beside the image. Nothing was written.")
        }
        let record: GuestRecord
        do { record = try GuestRecord.parse(text, source: recordPath) } catch { throw WorkflowError("\(error). Nothing was written.") }
        guard record.sha256 != nil else { throw WorkflowError("\(recordPath): the record has no sha256. Nothing was written.") }
        var st = stat()
        guard stat(path, &st) == 0 else { throw WorkflowError("\(path): \(String(cString: strerror(errno))). Nothing was written.") }
        let size = UInt64(st.st_size)
        guard size == record.sizeBytes else {
            throw WorkflowError("\(path) holds \(size) bytes, its record says \(record.sizeBytes): the image is not the one saved. Nothing was written.")
        }
        return record
    }

    static func streamRecord() throws -> GuestRecord {
        do {
            let head = try GuestCopier.readHead(from: 0, name: "standard input")
            return try GuestRecord.parse(head, source: "standard input")
        } catch {
            throw WorkflowError("\(error). Nothing was written.")
        }
    }

    /// Size, uses and data: refused before one byte is written.
    static func check(_ file: PlanFile, _ g: GuestArray, record: GuestRecord, overwrite: Bool) throws {
        if let refusal = GuestCopy.sizeRefusal(g.name, imageBytes: record.sizeBytes, arrayBytes: g.sizeBytes) {
            throw file.failure(PlanError(line: g.array.spec.line, refusal))
        }
        let zeros: Bool
        do { zeros = try GuestCopier.startsWithZeros(g.device) } catch { throw WorkflowError("\(error)") }
        if let refusal = GuestCopy.writeRefusal(g.name, device: g.device, uses: g.uses, signatures: g.array.running?.signatures ?? [],
                                                firstBytesZero: zeros, overwrite: overwrite) {
            throw WorkflowError(refusal)
        }
    }

    /// Reads the whole file and compares its SHA-256 with the record's, before anything is written.
    static func verify(_ path: String, record: GuestRecord, progress: @escaping Progress) throws {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw WorkflowError("\(path): open: \(String(cString: strerror(errno))). Nothing was written.") }
        defer { close(input) }
        var hash = SHA256()
        let reader = GuestCopier(output: nil, outputName: path, sparse: false) { progress("checking", $0, record.sizeBytes) }
        do { try reader.copy(from: input, inputName: path, count: record.sizeBytes, hash: &hash) } catch { throw WorkflowError("\(error). Nothing was written.") }
        let digest = hash.finalize()
        guard digest == record.sha256 else {
            throw WorkflowError("\(path) has SHA-256 \(digest), its record \(record.sha256 ?? "-"): the image changed since it was saved. Nothing was written.")
        }
    }

    /// Writes the image (`path`, or standard input when nil) into the array, every byte; returns
    /// its SHA-256, checked against the record's (a file) or the stream's last line.
    static func write(_ g: GuestArray, from path: String?, record: GuestRecord, progress: @escaping Progress) throws -> String {
        let input = path.map { open($0, O_RDONLY | O_CLOEXEC) } ?? 0
        guard input >= 0 else { throw WorkflowError("\(path ?? "-"): open: \(String(cString: strerror(errno)))") }
        defer { if path != nil { close(input) } }
        let output = open(g.device, O_WRONLY | O_EXCL | O_CLOEXEC)
        guard output >= 0 else { throw WorkflowError("\(g.device): open: \(String(cString: strerror(errno))). Nothing was written.") }
        defer { close(output) }
        var hash = SHA256()
        let copier = GuestCopier(output: output, outputName: g.device, sparse: false) { progress("restoring", $0, record.sizeBytes) }
        do { try copier.copy(from: input, inputName: path ?? "standard input", count: record.sizeBytes, hash: &hash) } catch {
            throw WorkflowError("\(error); guest \(g.name) now holds part of the image: restore it again")
        }
        let digest = hash.finalize()
        let expected = path == nil ? try streamDigest() : record.sha256
        guard digest == expected else {
            throw WorkflowError("the image read has SHA-256 \(digest), the saved one \(expected ?? "-"): guest \(g.name) now holds damaged data; restore it again")
        }
        return digest
    }

    /// The checksum that ends a stream.
    static func streamDigest() throws -> String {
        var tail = [UInt8](repeating: 0, count: GuestStream.tailBytes)
        let got = (try? GuestCopier.fill(&tail, tail.count, from: 0, name: "standard input")) ?? 0
        guard got == tail.count, let digest = GuestStream.digest(inTail: tail) else {
            throw WorkflowError("the stream ended without its checksum line: it was cut short; restore it again")
        }
        return digest
    }
}
