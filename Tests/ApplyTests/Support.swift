// Helpers of the Apply tests: scratch directories, the util-linux reference
// images (Tests/data/util-linux), external tools run as argv (never a shell),
// and readers of their output. The probe is compared with these tools; nothing
// is mocked.

import Foundation
import Testing

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("diskplan-apply-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// A sparse file of `bytes` bytes (`truncate`).
    func sparseFile(_ name: String, bytes: UInt64) throws -> String {
        let file = path(name)
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.truncate(atOffset: bytes)
        try handle.close()
        return file
    }
}

struct CommandFailed: Error, CustomStringConvertible {
    var argv: [String]
    var status: Int32
    var stderr: String
    var description: String { "\(argv.joined(separator: " ")) exited \(status): \(stderr)" }
}

/// Runs an absolute executable with arguments; returns stdout, throws on a non-zero exit.
@discardableResult
func run(_ argv: [String], input: String? = nil, stdoutTo file: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: argv[0])
    process.arguments = Array(argv.dropFirst())
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    var outFile: FileHandle?
    if let file {
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        outFile = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        process.standardOutput = outFile
    } else {
        process.standardOutput = out
    }
    process.standardError = err
    let inPipe = Pipe()
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let output = file == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try outFile?.close()
    guard process.terminationStatus == 0 else {
        throw CommandFailed(argv: argv, status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
    }
    return String(decoding: output, as: UTF8.self)
}

// MARK: - util-linux reference data

/// The util-linux test images and expected values: `$DISKPLAN_PEER_DATA`, or the
/// repository's own copy in `Tests/data/util-linux` (its README says where they come from).
let peerData: URL = {
    if let dir = ProcessInfo.processInfo.environment["DISKPLAN_PEER_DATA"] {
        return URL(fileURLWithPath: dir)
    }
    return URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/util-linux")
}()

/// Decompresses `images/NAME.img.xz` into the scratch directory (never into the data folder).
func referenceImage(_ name: String, in scratch: Scratch) throws -> String {
    let source = peerData.appendingPathComponent("images/\(name).img.xz").path
    let target = scratch.path("\(name).img")
    try run(["/usr/bin/xz", "-dk", "--stdout", source], stdoutTo: target)
    return target
}

func expectedFile(_ name: String) throws -> String {
    try String(contentsOf: peerData.appendingPathComponent("expected/\(name)"), encoding: .utf8)
}

/// `low-probe-*`: `ID_FS_KEY=value` lines.
func parseLowProbe(_ text: String) -> [String: String] {
    var values: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let eq = line.firstIndex(of: "=") else { continue }
        values[String(line[..<eq])] = String(line[line.index(after: eq)...])
    }
    return values
}

/// `lowprobe-pt-*`: a header `size: N, sector size: N, PT: T, offset: N, id=ID`,
/// then `#N: start size 0xT key='value' ...` lines.
struct ExpectedPartitionTable {
    struct Entry {
        var number: Int
        var start: UInt64
        var size: UInt64
        var type: Int
        var values: [String: String]
    }
    var size: UInt64
    var sectorSize: Int
    var tableType: String
    var id: String
    var entries: [Entry]

    init(_ text: String) throws {
        let lines = text.split(separator: "\n").map(String.init)
        let header = Dictionary(
            lines[0].split(separator: ",").map { field -> (String, String) in
                let parts = field.split(whereSeparator: { $0 == ":" || $0 == "=" }).map { $0.trimmingCharacters(in: .whitespaces) }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { a, _ in a })
        size = try #require(UInt64(header["size"] ?? ""))
        sectorSize = try #require(Int(header["sector size"] ?? ""))
        tableType = try #require(header["PT"])
        id = try #require(header["id"])
        entries = try lines.filter { $0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            var values: [String: String] = [:]
            let pattern = /(\w+)='([^']*)'/
            for match in line.matches(of: pattern) { values[String(match.1)] = String(match.2) }
            return Entry(
                number: try #require(Int(fields[0].dropFirst().dropLast())),
                start: try #require(UInt64(fields[1])),
                size: try #require(UInt64(fields[2])),
                type: try #require(Int(fields[3].dropFirst(2), radix: 16)),
                values: values)
        }
    }
}

// MARK: - Other tools' view

/// `sfdisk --json DISK`.
struct SfdiskTable: Decodable {
    struct Partition: Decodable {
        var node: String
        var start: UInt64
        var size: UInt64
        var type: String
        var uuid: String?
        var name: String?
    }
    var label: String
    var id: String
    var firstlba: UInt64?
    var lastlba: UInt64?
    var sectorsize: Int
    var partitions: [Partition]

    private struct Dump: Decodable { var partitiontable: SfdiskTable }

    static func read(_ disk: String) throws -> SfdiskTable {
        try JSONDecoder().decode(Dump.self, from: Data(run(["/usr/sbin/sfdisk", "--json", disk]).utf8)).partitiontable
    }

    /// The partition number from the node name (`disk.img3` → 3).
    static func number(_ node: String, disk: String) -> Int? { Int(node.dropFirst(disk.count)) }
}

/// Flags by partition number from `parted -m -s DISK unit s print`.
func partedFlags(_ disk: String) throws -> [Int: [String]] {
    let output = try run(["/usr/sbin/parted", "-m", "-s", disk, "unit", "s", "print"])
    var flags: [Int: [String]] = [:]
    for line in output.split(separator: "\n").dropFirst(2) {
        let fields = line.dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard let number = Int(fields[0]), let last = fields.last else { continue }
        flags[number] = last.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    return flags
}

// MARK: - Bytes on disk

func readBytes(_ path: String, offset: UInt64, count: Int) throws -> Data {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    return try handle.read(upToCount: count) ?? Data()
}

func writeBytes(_ data: Data, to path: String, offset: UInt64) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    try handle.write(contentsOf: data)
}

func fileSize(_ path: String) throws -> UInt64 {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64)
}

/// `sha256sum` of the first and the last MiB and the size of a (possibly
/// huge, sparse) image, and its modification time: what a write would change.
struct Fingerprint: Equatable {
    var head: String
    var tail: String
    var size: UInt64
    var modified: Date?

    init(_ path: String, scratch: Scratch) throws {
        size = try fileSize(path)
        let mib = 1 << 20
        head = try sha256(readBytes(path, offset: 0, count: mib), scratch: scratch)
        tail = try sha256(readBytes(path, offset: size - UInt64(min(UInt64(mib), size)), count: mib), scratch: scratch)
        modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    }
}

/// `sha256sum` of a whole (small) file.
func sha256(file path: String) throws -> String {
    String(try run(["/usr/bin/sha256sum", path]).prefix(64))
}

private func sha256(_ data: Data, scratch: Scratch) throws -> String {
    let file = scratch.path("fingerprint-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(atPath: file) }
    try data.write(to: URL(fileURLWithPath: file))
    return try sha256(file: file)
}
