import Foundation
import Testing
@testable import Apply
import Layout

/// The byte copy on image files: holes stay holes, the checksum is sha256sum's, a pipe's
/// short reads are filled.
struct GuestCopierTests {
    static func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("guestcopy-\(UUID().uuidString)-\(name)").path
    }

    /// A 5 MiB sparse file: random bytes at 1 MiB (half a MiB) and in its last 100 bytes.
    static func sparseInput() throws -> String {
        let path = temp("in.img")
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        let data = (0..<(1 << 19)).map { _ in UInt8.random(in: 1...255) }
        #expect(pwrite(fd, data, data.count, 1 << 20) == data.count)
        let end = (0..<100).map { _ in UInt8.random(in: 0...255) }
        #expect(pwrite(fd, end, end.count, (5 << 20) - 100) == end.count)
        return path
    }

    static func sha256sum(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    @Test("into a regular file runs of zeros become holes; the copy equals the input and the checksum is sha256sum's")
    func sparseCopy() throws {
        let input = try Self.sparseInput()
        let output = Self.temp("out.img")
        defer { unlink(input); unlink(output) }
        let inFD = open(input, O_RDONLY), outFD = open(output, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        defer { close(inFD); close(outFD) }
        var seen: [UInt64] = []
        var hash = SHA256()
        try GuestCopier(output: outFD, outputName: output, sparse: true) { seen.append($0) }
            .copy(from: inFD, inputName: input, count: 5 << 20, hash: &hash)
        #expect(seen == (1...5).map { UInt64($0) << 20 })
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: URL(fileURLWithPath: input)))
        #expect(hash.finalize() == (try Self.sha256sum(input)))
        var st = stat()
        #expect(stat(output, &st) == 0 && st.st_size == 5 << 20)
        // Written: the MiB with the data and the last MiB; the other three are holes.
        #expect(UInt64(st.st_blocks) * 512 <= 2 << 20, "allocated \(st.st_blocks * 512) bytes")
    }

    @Test("without an output the copier only reads and hashes: the check of a file against its record")
    func hashOnly() throws {
        let input = try Self.sparseInput()
        defer { unlink(input) }
        let inFD = open(input, O_RDONLY)
        defer { close(inFD) }
        var seen: [UInt64] = []
        var hash = SHA256()
        try GuestCopier(output: nil, outputName: input, sparse: false) { seen.append($0) }.copy(from: inFD, inputName: input, count: 5 << 20, hash: &hash)
        let expected = try Self.sha256sum(input)
        #expect(seen.last == 5 << 20 && hash.finalize() == expected)
    }

    @Test("a source that ends early is an error naming how far it got")
    func shortSource() throws {
        let input = try Self.sparseInput()
        defer { unlink(input) }
        let inFD = open(input, O_RDONLY), devNull = open("/dev/null", O_WRONLY)
        defer { close(inFD); close(devNull) }
        var hash = SHA256()
        #expect(throws: DeviceError(path: input, operation: "read", message: "it ended after 5242880 of 6291456 bytes")) {
            try GuestCopier(output: devNull, outputName: "/dev/null", sparse: false) { _ in }.copy(from: inFD, inputName: input, count: 6 << 20, hash: &hash)
        }
    }

    @Test("a stream's head is read up to its --- line and not one byte further")
    func streamHead() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let record = GuestRecord(guest: "web1", array: "xen1:web1", arrayUUID: String(repeating: "ab", count: 16), sizeBytes: 3)
        let bytes = GuestStream.head(record) + [1, 2, 3]
        #expect(write(fds[1], bytes, bytes.count) == bytes.count)
        close(fds[1])
        let head = try GuestCopier.readHead(from: fds[0], name: "pipe")
        #expect(try GuestRecord.parse(head, source: "pipe") == record)
        var rest = [UInt8](repeating: 0, count: 8)
        #expect(try GuestCopier.fill(&rest, 8, from: fds[0], name: "pipe") == 3 && Array(rest.prefix(3)) == [1, 2, 3])
        var other: [Int32] = [0, 0]
        try #require(pipe(&other) == 0)
        defer { close(other[0]) }
        _ = write(other[1], "hello\n", 6)
        close(other[1])
        #expect(throws: DeviceError(path: "pipe", operation: "", message: "does not start with a save-guest head (its record, then a line ---): not a stream save-guest wrote")) {
            try GuestCopier.readHead(from: other[0], name: "pipe")
        }
    }

    @Test func startsWithZeros() throws {
        let input = try Self.sparseInput()
        defer { unlink(input) }
        #expect(try GuestCopier.startsWithZeros(input))
        let fd = open(input, O_WRONLY)
        _ = pwrite(fd, [7], 1, 4096)
        close(fd)
        #expect(try !GuestCopier.startsWithZeros(input))
    }
}
