/// Names of partition types, one naming for every output: the dry run's
/// `type Linux RAID` and the probe's type column say the same. Names as fdisk
/// gives them; a type without a name here is shown as its GUID or MBR id.
public enum PartitionTypes {
    /// GPT type GUIDs (lower case) and their names.
    static let gpt: [String: String] = [
        "a19d880f-05fc-4d3b-a006-743f0f84911e": "Linux RAID",
        "c12a7328-f81f-11d2-ba4b-00a0c93ec93b": "EFI System",
        "21686148-6449-6e6f-744e-656564454649": "BIOS boot",
        "0fc63daf-8483-4772-8e79-3d69d8477de4": "Linux filesystem",
        "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f": "Linux swap",
        "e6d6d379-f507-44c2-a23c-238f2a3df928": "Linux LVM",
        "ca7d7ccb-63ed-4c53-861c-1742536059cc": "Linux LUKS",
        "bc13c2ff-59e6-4262-a352-b275fd6f7172": "Linux extended boot",
        "4f68bce3-e8cd-4db1-96e7-fbcaf984b709": "Linux root (x86-64)",
        "933ac7e1-2eb4-4f13-b844-0e14e2aef915": "Linux home",
        "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7": "Microsoft basic data",
        "e3c9e316-0b5c-4db8-817d-f92df00215ae": "Microsoft reserved",
    ]

    /// MBR partition ids and their names.
    static let mbr: [UInt8: String] = [
        0x05: "Extended", 0x0f: "Extended (LBA)", 0x85: "Linux extended",
        0x83: "Linux", 0x82: "Linux swap", 0x8e: "Linux LVM", 0xfd: "Linux RAID",
        0xef: "EFI System", 0xee: "GPT protective", 0x07: "HPFS/NTFS/exFAT",
        0x0b: "FAT32", 0x0c: "FAT32 (LBA)",
    ]

    /// The name of a GPT type, or nil when it has none here.
    public static func name(gpt guid: String) -> String? { gpt[guid.lowercased()] }

    /// The name of an MBR id, or nil when it has none here.
    public static func name(mbr id: UInt8) -> String? { mbr[id] }

    /// A partition's type as the probe shows it: its name, else the GUID or `0xNN`.
    public static func label(_ p: PartitionInfo) -> String {
        if let guid = p.typeGUID { return name(gpt: guid) ?? guid }
        if let id = p.mbrType { return name(mbr: id) ?? "0x" + String(id, radix: 16) }
        return "-"
    }
}
