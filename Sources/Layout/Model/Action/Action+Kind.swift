/// Each kind's name, and what the text and the checks before a run read from
/// the kind alone.
extension Action {
    /// The name of an operation, without its data: the `kind` of the JSON, the
    /// `apply --json` events and the journal.
    public enum Kind: String, Sendable, Codable, Equatable {
        case stopArray = "stop_array"
        case wipeDisk = "wipe_disk"
        case createTable = "create_table"
        case createPartition = "create_partition"
        case wipeSignatures = "wipe_signatures"
        case createArray = "create_array"
        case assembleArray = "assemble_array"
        case makeSwap = "make_swap"
        case makeFilesystem = "make_filesystem"
        case remakeFilesystem = "remake_filesystem"
        case removeMember = "remove_member"
        case startArray = "start_array"
        case addMember = "add_member"
        case installBootloader = "install_bootloader"
        case addBootEntry = "add_boot_entry"
        case mountHost = "mount_host"
        case extractImage = "extract_image"
        case writeFstab = "write_fstab"
        case writeMdadmConf = "write_mdadm_conf"
        case updateInitramfs = "update_initramfs"
        case writeBootMenu = "write_boot_menu"
        case unmountHost = "unmount_host"
    }

    /// How the dry run colours a summary: destruction in red, creation in green.
    public enum Tone: Sendable, Equatable {
        case destroys, neutral, creates
    }

    public var tone: Tone {
        switch kind {
        case .wipeDisk, .stopArray, .removeMember: .destroys
        case .wipeSignatures, .assembleArray, .startArray, .mountHost, .unmountHost: .neutral
        case .extractImage, .writeFstab, .writeMdadmConf, .updateInitramfs, .writeBootMenu: .creates
        case .createTable, .createPartition, .createArray, .makeSwap, .makeFilesystem, .remakeFilesystem, .addMember, .installBootloader, .addBootEntry: .creates
        }
    }

    /// Whether the step runs mdadm, so the md driver must be there.
    public var usesMD: Bool {
        switch kind {
        case .createArray, .assembleArray, .startArray, .addMember, .removeMember, .stopArray: true
        default: false
        }
    }

    /// Whether the step makes a file system or swap (status counts one still to make as missing content).
    public var formats: Bool {
        [.makeSwap, .makeFilesystem, .remakeFilesystem].contains(kind)
    }
}

extension Action.Operation {
    public var kind: Action.Kind {
        switch self {
        case .stopArray: .stopArray
        case .wipeDisk: .wipeDisk
        case .createTable: .createTable
        case .createPartition: .createPartition
        case .wipeSignatures: .wipeSignatures
        case .createArray: .createArray
        case .assembleArray: .assembleArray
        case .makeSwap: .makeSwap
        case .makeFilesystem: .makeFilesystem
        case .remakeFilesystem: .remakeFilesystem
        case .removeMember: .removeMember
        case .startArray: .startArray
        case .addMember: .addMember
        case .installBootloader: .installBootloader
        case .addBootEntry: .addBootEntry
        case .mountHost: .mountHost
        case .extractImage: .extractImage
        case .writeFstab: .writeFstab
        case .writeMdadmConf: .writeMdadmConf
        case .updateInitramfs: .updateInitramfs
        case .writeBootMenu: .writeBootMenu
        case .unmountHost: .unmountHost
        }
    }
}
