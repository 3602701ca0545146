/// What the probe read for installing the host: the image archive, the host's
/// installed root (if its file systems exist) and the boot code on each disk.
/// Only read for a plan with `image:`; the planner's install steps come from it.
public struct HostProbe: Sendable, Codable, Equatable {
    public var image: ImageInfo?
    /// nil: the host's root file system does not exist yet, or holds no file system.
    public var root: HostRootState?
    /// By disk path (as the plan names it).
    public var bootCode: [String: BootCode]
    /// By disk path: whether its ESP member holds GRUB at the removable path (`EFI/BOOT/BOOTX64.EFI`),
    /// read as the firmware reads it; disks without an ESP member are not listed.
    public var efiLoader: [String: Bool] = [:]
    /// The firmware's boot entries; nil where there are no EFI variables (legacy boot, or not read).
    public var efi: EFIBoot?

    public init(image: ImageInfo? = nil, root: HostRootState? = nil, bootCode: [String: BootCode] = [:]) {
        self.image = image
        self.root = root
        self.bootCode = bootCode
    }
}

/// A root file system archive, as `tar --list --verbose` shows it.
public struct ImageInfo: Sendable, Codable, Equatable {
    public var path: String
    /// Size of the archive file.
    public var archiveBytes: UInt64
    /// Why it cannot be read (missing, unreadable, not a tar archive); nil when it was read.
    public var problem: String?
    /// Every directory and file name of interest the archive holds, without `./`:
    /// see `ImageInfo.interesting`.
    public var found: [String]
    /// `boot/vmlinuz-*`: the kernels it carries.
    public var kernels: [String]
    /// Sum of the sizes of its files, and of those below `boot/`.
    public var unpackedBytes: UInt64
    public var bootBytes: UInt64

    public init(path: String, archiveBytes: UInt64, problem: String? = nil, found: [String] = [], kernels: [String] = [],
                unpackedBytes: UInt64 = 0, bootBytes: UInt64 = 0) {
        self.path = path
        self.archiveBytes = archiveBytes
        self.problem = problem
        self.found = found
        self.kernels = kernels
        self.unpackedBytes = unpackedBytes
        self.bootBytes = bootBytes
    }

    /// The names the checks look for, in merged-/usr and classic layouts.
    public static let interesting: Set<String> = [
        "etc", "sbin/mdadm", "usr/sbin/mdadm", "sbin/update-initramfs", "usr/sbin/update-initramfs",
        "sbin/grub-install", "usr/sbin/grub-install", "sbin/update-grub", "usr/sbin/update-grub",
        "usr/lib/grub/i386-pc", "usr/lib/grub/x86_64-efi", "usr/bin/efibootmgr", "bin/efibootmgr",
    ]

    /// Whether the archive holds `name` in either layout (`usr/sbin/X` or `sbin/X`).
    public func has(_ name: String) -> Bool { found.contains(name) || found.contains("usr/" + name) }

    /// The image's name as the install records it: its file name and size.
    public var identity: String { "\(path.split(separator: "/").last.map(String.init) ?? path) \(archiveBytes)" }
}

/// The host's installed root as read from its file systems (read-only).
public struct HostRootState: Sendable, Codable, Equatable {
    /// The root array's node it was read from.
    public var device: String
    /// It holds anything besides `lost+found`.
    public var populated: Bool
    /// The lines of `/var/lib/diskplan/installed`: each install step that finished (`image NAME SIZE`, ...).
    public var installed: [String]
    public var fstab: String?
    public var mdadmConf: String?
    /// `boot/vmlinuz-*` on the host.
    public var kernels: [String]
    /// GRUB at the ESP's removable path (`EFI/BOOT/BOOTX64.EFI`); nil when the plan has no ESP or it was not read.
    public var efiLoader: Bool?
    /// `PRETTY_NAME` of its `/etc/os-release`, for messages.
    public var system: String?

    public init(device: String, populated: Bool, installed: [String] = [], fstab: String? = nil, mdadmConf: String? = nil,
                kernels: [String] = [], efiLoader: Bool? = nil, system: String? = nil) {
        self.device = device
        self.populated = populated
        self.installed = installed
        self.fstab = fstab
        self.mdadmConf = mdadmConf
        self.kernels = kernels
        self.efiLoader = efiLoader
        self.system = system
    }

    /// The file that records finished install steps, below the host's root.
    public static let stateFile = "/var/lib/diskplan/installed"
}

/// GRUB's code for BIOS boot on one disk.
public struct BootCode: Sendable, Codable, Equatable {
    /// GRUB's boot.img in the MBR's boot code area.
    public var mbrGrub: Bool
    /// The bios_grub partition holds a core image (its first sector is not all zeros); nil without one.
    public var coreImage: Bool?

    public init(mbrGrub: Bool, coreImage: Bool?) {
        self.mbrGrub = mbrGrub
        self.coreImage = coreImage
    }

    /// Both parts of GRUB that BIOS boot needs are there.
    public var bootsBIOS: Bool { mbrGrub && coreImage != false }
}

/// What an install step works on: the host's file systems mounted under `root`.
public struct InstallStep: Sendable, Codable, Equatable {
    /// The private directory the host's root is mounted on.
    public var root: String
    /// In mount order: `/` first.
    public var mounts: [HostMount]
    public var image: String?
    /// `ImageInfo.identity`: what the state file records once the image is extracted.
    public var imageIdentity: String?
    public var host: String
    /// The plan's `alerts:`, for mdadm.conf.
    public var alerts: Alerts?
    /// The host's arrays, for fstab and mdadm.conf; UUIDs are read when the step runs.
    public var entries: [HostFileText.Entry]
    /// For `install_bootloader`: GRUB's platform, `i386-pc` or `x86_64-efi`.
    public var grubTarget: String?

    public init(root: String, mounts: [HostMount], image: String?, imageIdentity: String?, host: String, entries: [HostFileText.Entry], grubTarget: String? = nil) {
        self.root = root
        self.mounts = mounts
        self.image = image
        self.imageIdentity = imageIdentity
        self.host = host
        self.entries = entries
        self.grubTarget = grubTarget
    }
}

/// One of the host's file systems, mounted for the install.
public struct HostMount: Sendable, Codable, Equatable {
    /// The node the array runs as.
    public var device: String
    /// Its mount point on the host: `/`, `/boot`, `/boot/efi`.
    public var path: String
    public var format: Format

    public init(device: String, path: String, format: Format) {
        self.device = device
        self.path = path
        self.format = format
    }
}
