import FoundationEssentials
public import Layout

/// Reads the firmware's boot entries from efivarfs: each `Boot####` and
/// `BootOrder` under EFI's global variable GUID. Every file there starts with
/// four bytes of attributes. Reads only.
public enum EFIVarReader {
    public static let directory = "/sys/firmware/efi/efivars"
    static let global = "8be4df61-93ca-11d2-aa0d-00e098032b8c"

    /// nil where the system has no EFI variables (legacy boot, or efivarfs not mounted).
    public static func read(_ dir: String = directory) -> EFIBoot? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir), !names.isEmpty else { return nil }
        let entries = names.sorted().compactMap { name -> EFIBootEntry? in
            guard name.hasSuffix("-" + global), name.hasPrefix("Boot"), name.count == 9 + global.count,
                  let n = UInt16(name.dropFirst(4).prefix(4), radix: 16), let b = value(dir, name) else { return nil }
            return EFIBootEntry.parse(number: n, b)
        }
        let order = value(dir, "BootOrder-" + global).map { b in
            stride(from: 0, to: b.count - 1, by: 2).map { UInt16(b[$0]) | UInt16(b[$0 + 1]) << 8 }
        } ?? []
        return EFIBoot(entries: entries, order: order)
    }

    /// The variable's value without its attribute bytes.
    static func value(_ dir: String, _ name: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: dir + "/" + name), data.count >= 4 else { return nil }
        return Array(data.dropFirst(4))
    }
}

extension Executor {
    /// `efibootmgr --create`, unless an entry already names the disk's ESP member (read again now:
    /// an earlier, interrupted run may have added it).
    func addBootEntry(_ a: Action, disk: String, part: Int) throws -> String {
        let uuid = (try? Probe.disk(disk))?.table?.partitions.first { $0.number == part }?.uuid
        guard let uuid else { throw DeviceError(path: disk, operation: "add boot entry", message: "partition \(part) has no GPT partition GUID") }
        guard let efi = EFIVarReader.read() else {
            throw DeviceError(path: disk, operation: "add boot entry", message: "this system has no EFI variables (\(EFIVarReader.directory))")
        }
        if let e = efi.entry(forPartition: uuid) { return "skipped: \(e.name) \"\(e.label)\" already boots it" }
        return try command(a)
    }
}
