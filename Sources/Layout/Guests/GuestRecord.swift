/// What `save-guest` records beside a saved guest (`FILE.diskplan-guest`), and what heads and
/// ends the stream it writes to a pipe: the guest, its array's name and UUID, the image's size
/// in bytes, and the SHA-256 of all of it (`sha256sum FILE` prints the same).
public struct GuestRecord: Sendable, Equatable {
    public static let format = "diskplan-guest 1"
    /// The suffix of the record beside an image file.
    public static let suffix = ".diskplan-guest"

    /// The plan's name of the guest: `web1`.
    public var guest: String
    /// The md array's name: `xen1:web1`.
    public var array: String
    /// The array's UUID, 32 hex digits.
    public var arrayUUID: String
    public var sizeBytes: UInt64
    /// nil in a stream's head: the stream ends with it.
    public var sha256: String?

    public init(guest: String, array: String, arrayUUID: String, sizeBytes: UInt64, sha256: String? = nil) {
        self.guest = guest
        self.array = array
        self.arrayUUID = arrayUUID
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
    }

    /// `key: value` lines, one per field (no `sha256` while it is nil).
    public var text: String {
        var lines = [
            "# Written by diskplan save-guest: the guest's array byte for byte (a hole reads as zeros).",
            "format: \(Self.format)", "guest: \(guest)", "array: \(array)", "array-uuid: \(arrayUUID)", "size-bytes: \(sizeBytes)",
        ]
        if let sha256 { lines.append("sha256: \(sha256)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads `text` (a record file, or a stream's head); errors name `source` and the line.
    public static func parse(_ text: String, source: String) throws(PlanError) -> GuestRecord {
        var fields: [String: (value: String, line: Int)] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmedSpaces()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw PlanError(file: source, line: n + 1, "not a `key: value` line of a diskplan-guest record")
            }
            fields[String(line[..<colon])] = (String(line[line.index(after: colon)...]).trimmedSpaces(), n + 1)
        }
        func value(_ key: String) throws(PlanError) -> String {
            guard let v = fields[key]?.value, !v.isEmpty else { throw PlanError(file: source, key: key, "the record has no \(key)") }
            return v
        }
        guard try value("format") == format else {
            throw PlanError(file: source, line: fields["format"]?.line, key: "format", "is not `\(format)`: not a record save-guest wrote")
        }
        guard let size = UInt64(try value("size-bytes")) else {
            throw PlanError(file: source, line: fields["size-bytes"]?.line, key: "size-bytes", "is not a number of bytes")
        }
        let sha = fields["sha256"]?.value
        if let sha, !Self.isDigest(sha) {
            throw PlanError(file: source, line: fields["sha256"]?.line, key: "sha256", "is not 64 hex digits")
        }
        return GuestRecord(guest: try value("guest"), array: try value("array"), arrayUUID: try value("array-uuid"), sizeBytes: size, sha256: sha)
    }

    static func isDigest(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}

/// The stream `save-guest --to -` writes and `restore-guest --from -` reads, so that a pipe
/// (`| ssh backup ...`) carries what a file and its record carry: the record's head, a line
/// `---`, the image's bytes, then one line `sha256: HEX`.
public enum GuestStream {
    public static let separator = "---\n"

    /// The head: the record without its checksum, then the separator.
    public static func head(_ r: GuestRecord) -> [UInt8] {
        var r = r
        r.sha256 = nil
        return Array((r.text + separator).utf8)
    }

    /// The last line.
    public static func tail(sha256: String) -> [UInt8] { Array("sha256: \(sha256)\n".utf8) }

    /// The checksum of a tail; nil when it is not one.
    public static func digest(inTail bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("sha256: "), text.hasSuffix("\n") else { return nil }
        let hex = String(text.dropFirst(8).dropLast())
        return GuestRecord.isDigest(hex) ? hex : nil
    }

    /// The tail's length.
    public static let tailBytes = 8 + 64 + 1
}
