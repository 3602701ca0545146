/// The JSON of an action (`plan --json`, the actions of `plan --out`): `kind`,
/// `device`, `summary`, `argv` and `detail`, then the operation's data under
/// the keys each kind has always written (`disk`, `table`, `partition`,
/// `ranges`, `array`, `member`, `install`).
extension Action: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, device, summary, argv, detail, disk, table, partition, ranges, array, member, install
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let argv = try c.decodeIfPresent([String].self, forKey: .argv)
        let operation = try Operation(c.decode(Kind.self, forKey: .kind), from: c, argv: argv)
        self.init(operation, device: try c.decode(String.self, forKey: .device), summary: try c.decode(String.self, forKey: .summary),
                  argv: argv, detail: try c.decodeIfPresent(String.self, forKey: .detail))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(device, forKey: .device)
        try c.encode(summary, forKey: .summary)
        try c.encodeIfPresent(argv, forKey: .argv)
        try c.encodeIfPresent(detail, forKey: .detail)
        try operation.encode(to: &c)
    }
}

extension Action.Operation {
    typealias Keys = Action.CodingKeys

    func encode(to c: inout KeyedEncodingContainer<Keys>) throws {
        switch self {
        case .stopArray: break
        case .wipeDisk(let disk, let ranges): try c.encode(disk, forKey: .disk); try c.encode(ranges, forKey: .ranges)
        case .createTable(let table, let disk): try c.encode(disk, forKey: .disk); try c.encode(table, forKey: .table)
        case .createPartition(let p, let disk): try c.encode(disk, forKey: .disk); try c.encode(p, forKey: .partition)
        case .wipeSignatures(let ranges, let array): try c.encode(ranges, forKey: .ranges); try c.encodeIfPresent(array, forKey: .array)
        case .createArray(let array), .assembleArray(let array), .makeSwap(let array), .makeFilesystem(let array),
             .remakeFilesystem(let array), .startArray(let array):
            try c.encode(array, forKey: .array)
        case .removeMember(let member, let array), .addMember(let member, let array):
            try c.encode(array, forKey: .array); try c.encode(member, forKey: .member)
        case .installBootloader(let disk, let host): try c.encodeIfPresent(disk, forKey: .disk); try c.encodeIfPresent(host, forKey: .install)
        case .addBootEntry(let disk, _, _, let host): try c.encode(disk, forKey: .disk); try c.encodeIfPresent(host, forKey: .install)
        case .mountHost(let s), .extractImage(let s), .writeFstab(let s), .writeMdadmConf(let s), .updateInitramfs(let s),
             .writeBootMenu(let s), .unmountHost(let s):
            try c.encode(s, forKey: .install)
        }
    }

    init(_ kind: Action.Kind, from c: KeyedDecodingContainer<Keys>, argv: [String]?) throws {
        func need<T: Decodable>(_ key: Keys) throws -> T { try c.decode(T.self, forKey: key) }
        func may<T: Decodable>(_ key: Keys) throws -> T? { try c.decodeIfPresent(T.self, forKey: key) }
        switch kind {
        case .stopArray: self = .stopArray
        case .wipeDisk: self = .wipeDisk(disk: try need(.disk), ranges: try need(.ranges))
        case .createTable: self = .createTable(try need(.table), disk: try need(.disk))
        case .createPartition: self = .createPartition(try need(.partition), disk: try need(.disk))
        case .wipeSignatures: self = .wipeSignatures(try need(.ranges), array: try may(.array))
        case .createArray: self = .createArray(array: try need(.array))
        case .assembleArray: self = .assembleArray(array: try need(.array))
        case .makeSwap: self = .makeSwap(array: try need(.array))
        case .makeFilesystem: self = .makeFilesystem(array: try need(.array))
        case .remakeFilesystem: self = .remakeFilesystem(array: try need(.array))
        case .removeMember: self = .removeMember(try need(.member), array: try need(.array))
        case .startArray: self = .startArray(array: try need(.array))
        case .addMember: self = .addMember(try need(.member), array: try need(.array))
        case .installBootloader: self = .installBootloader(disk: try may(.disk), host: try may(.install))
        case .addBootEntry: self = try Self.bootEntry(disk: try need(.disk), argv: argv, host: try may(.install), c)
        case .mountHost, .extractImage, .writeFstab, .writeMdadmConf, .updateInitramfs, .writeBootMenu, .unmountHost:
            self = Self.hostStep(kind, try need(.install))
        }
    }

    /// The entry's partition and label are in its efibootmgr command.
    static func bootEntry(disk: String, argv: [String]?, host: InstallStep?, _ c: KeyedDecodingContainer<Keys>) throws -> Self {
        func value(after flag: String) -> String? {
            guard let argv, let i = argv.firstIndex(of: flag), i + 1 < argv.count else { return nil }
            return argv[i + 1]
        }
        guard let part = value(after: "--part").flatMap({ Int($0) }), let label = value(after: "--label") else {
            throw DecodingError.dataCorruptedError(forKey: .argv, in: c, debugDescription: "add_boot_entry: argv names no --part and --label")
        }
        return .addBootEntry(disk: disk, part: part, label: label, host: host)
    }

    /// The steps that install the host, which carry only their install step.
    static func hostStep(_ kind: Action.Kind, _ s: InstallStep) -> Self {
        switch kind {
        case .mountHost: .mountHost(s)
        case .extractImage: .extractImage(s)
        case .writeFstab: .writeFstab(s)
        case .writeMdadmConf: .writeMdadmConf(s)
        case .updateInitramfs: .updateInitramfs(s)
        case .writeBootMenu: .writeBootMenu(s)
        default: .unmountHost(s)  // the last of them
        }
    }
}
