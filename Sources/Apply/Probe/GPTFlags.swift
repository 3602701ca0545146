/// The partition flags libparted 3.5 reports for a GPT entry
/// (`_parse_part_entry`, `gpt_partition_get_flag`), in the order
/// `ped_partition_flag_get_name` names them as the probe lists them (the
/// order of `PedPartitionFlag`): most follow from the type GUID, `hidden` and
/// `legacy_boot` from attribute bits 0 and 2. GPTReadTests compares these
/// with libparted's on a partition of every type here.
enum GPTFlags {
    /// (flag name, type GUID or attribute bit), in `PedPartitionFlag` order.
    static let table: [(name: String, guid: String?, bit: Int?)] = [
        ("boot", "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", nil),
        ("swap", "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", nil),
        ("hidden", nil, 0),
        ("raid", "a19d880f-05fc-4d3b-a006-743f0f84911e", nil),
        ("lvm", "e6d6d379-f507-44c2-a23c-238f2a3df928", nil),
        ("hp-service", "e2a1e728-32e3-11d6-a682-7b03a0000000", nil),
        ("prep", "9e1a2d38-c612-4316-aa26-8b49521e5a8b", nil),
        ("msftres", "e3c9e316-0b5c-4db8-817d-f92df00215ae", nil),
        ("bios_grub", "21686148-6449-6e6f-744e-656564454649", nil),
        ("atvrecv", "5265636f-7665-11aa-aa11-00306543ecac", nil),
        ("diag", "de94bba4-06d1-4d40-a16a-bfd50179d6ac", nil),
        ("legacy_boot", nil, 2),
        ("msftdata", "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", nil),
        ("irst", "d3bfe2de-3daf-11df-ba40-e3a556d89593", nil),
        ("esp", "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", nil),
        ("chromeos_kernel", "fe3a2a5d-4f32-41a7-b725-accc3285a309", nil),
        ("bls_boot", "bc13c2ff-59e6-4262-a352-b275fd6f7172", nil),
        ("linux-home", "933ac7e1-2eb4-4f13-b844-0e14e2aef915", nil),
    ]

    /// The flags of an entry with this type GUID (lower case) and attributes.
    static func of(typeGUID: String, attributes: UInt64) -> [String] {
        table.filter { flag in
            if let guid = flag.guid { return guid == typeGUID }
            return flag.bit.map { attributes & (1 << UInt64($0)) != 0 } ?? false
        }.map(\.name)
    }
}

/// CRC-32 as UEFI (and zlib) compute it: reflected polynomial 0xEDB88320,
/// all ones before and after; eight bytes a step (slicing-by-8).
enum CRC32 {
    /// Eight tables of 256: table k gives the CRC of a byte followed by k zero bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let c: UInt32 = t[(k - 1) * 256 + n]
                t[k * 256 + n] = t[Int(c & 0xFF)] ^ (c >> 8)
            }
        }
        return t
    }()

    static func of(_ bytes: [UInt8]) -> UInt32 {
        tables.withUnsafeBufferPointer { t in
            bytes.withUnsafeBytes { buffer in
                var crc: UInt32 = 0xFFFF_FFFF
                var i = 0
                while i + 8 <= buffer.count {
                    let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ UInt64(crc)
                    let low: UInt32 = t[1792 + Int(word & 0xFF)] ^ t[1536 + Int((word >> 8) & 0xFF)]
                        ^ t[1280 + Int((word >> 16) & 0xFF)] ^ t[1024 + Int((word >> 24) & 0xFF)]
                    let high: UInt32 = t[768 + Int((word >> 32) & 0xFF)] ^ t[512 + Int((word >> 40) & 0xFF)]
                        ^ t[256 + Int((word >> 48) & 0xFF)] ^ t[Int(word >> 56)]
                    crc = low ^ high
                    i += 8
                }
                while i < buffer.count {
                    crc = t[Int((crc ^ UInt32(buffer[i])) & 0xFF)] ^ (crc >> 8)
                    i += 1
                }
                return crc ^ 0xFFFF_FFFF
            }
        }
    }
}
