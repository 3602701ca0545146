import Foundation
import Testing
@testable import Layout

struct SHA256Tests {
    static func digest(_ bytes: [UInt8], pieces: Int = 1) -> String {
        var h = SHA256()
        let step = max(1, bytes.count / pieces)
        var i = 0
        while i < bytes.count {
            h.update(Array(bytes[i..<min(bytes.count, i + step)]))
            i += step
        }
        return h.finalize()
    }

    @Test("FIPS 180-4's examples, whole and fed in uneven pieces")
    func knownDigests() {
        #expect(Self.digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Self.digest(two) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for pieces in [1, 3, 7, 1000, 999_999] {
            #expect(Self.digest(million, pieces: pieces) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "\(pieces) pieces")
        }
    }
}

struct GuestRecordTests {
    let record = GuestRecord(guest: "web1", array: "xen1:web1", arrayUUID: "0123456789abcdef0123456789abcdef", sizeBytes: 67_043_328,
                             sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

    @Test func theRecordReadsBackAsWritten() throws {
        #expect(record.text.contains("\nformat: diskplan-guest 1\nguest: web1\narray: xen1:web1\n"))
        #expect(try GuestRecord.parse(record.text, source: "web1.img.diskplan-guest") == record)
    }

    @Test("an error names the record and the line or key at fault")
    func badRecordsNameTheFault() {
        let noColon = record.text.replacingOccurrences(of: "size-bytes: ", with: "size-bytes ")
        #expect(throws: PlanError(file: "r", line: 6, "not a `key: value` line of a diskplan-guest record")) { try GuestRecord.parse(noColon, source: "r") }
        let size = record.text.replacingOccurrences(of: "size-bytes: 67043328", with: "size-bytes: 64M")
        #expect(throws: PlanError(file: "r", line: 6, key: "size-bytes", "is not a number of bytes")) { try GuestRecord.parse(size, source: "r") }
        let format = record.text.replacingOccurrences(of: "diskplan-guest 1", with: "something 2")
        #expect(throws: PlanError(file: "r", line: 2, key: "format", "is not `diskplan-guest 1`: not a record save-guest wrote")) { try GuestRecord.parse(format, source: "r") }
        let noUUID = record.text.replacingOccurrences(of: "array-uuid: 0123456789abcdef0123456789abcdef\n", with: "")
        #expect(throws: PlanError(file: "r", key: "array-uuid", "the record has no array-uuid")) { try GuestRecord.parse(noUUID, source: "r") }
        let sha = record.text.replacingOccurrences(of: "sha256: ba78", with: "sha256: XX78")
        #expect(throws: PlanError(file: "r", line: 7, key: "sha256", "is not 64 hex digits")) { try GuestRecord.parse(sha, source: "r") }
    }

    @Test("a stream: the head without the checksum and ---, the bytes, a checksum line")
    func streamHeadAndTail() throws {
        let head = String(decoding: GuestStream.head(record), as: UTF8.self)
        #expect(head.hasSuffix("size-bytes: 67043328\n---\n") && !head.contains("sha256"))
        var noSum = record
        noSum.sha256 = nil
        #expect(try GuestRecord.parse(String(head.dropLast(4)), source: "-") == noSum)
        let tail = GuestStream.tail(sha256: record.sha256!)
        #expect(tail.count == GuestStream.tailBytes && GuestStream.digest(inTail: tail) == record.sha256)
        #expect(GuestStream.digest(inTail: Array(tail.dropLast())) == nil)
    }
}
