/// installimage configs from installimage's own documentation: the example
/// configs in its repository (github.com/hetzneronline/installimage, configs/,
/// at commit d7805b2) and the examples its standard config explains in its
/// comments (functions.sh, create_config; defaults in config.sh). Each is
/// quoted as installimage ships it, or, where the documentation shows only
/// the PART lines, with the drive, RAID and host lines installimage writes
/// above them.
enum InstallimageExamples {
    /// configs/simple-debian64-raid, verbatim.
    static let simpleDebianRaid = """

        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb

        SWRAID 1
        SWRAIDLEVEL 1

        BOOTLOADER grub

        HOSTNAME Debian-stable-amd64-base

        PART swap swap 2G
        PART /boot ext3 1024M
        PART /     ext4 all

        IMAGE /root/images/Debian-stable-amd64-base.tar.gz
        """

    /// configs/simple-debian64-noraid, verbatim: one drive, no RAID.
    static let simpleDebianNoRaid = """

        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb
        FORMATDRIVE2 0

        SWRAID 0
        SWRAIDLEVEL 1

        BOOTLOADER grub

        HOSTNAME Debian-stable-amd64-base

        PART swap swap 8G
        PART /boot ext3 1024M
        PART /    ext4 all

        IMAGE /root/images/Debian-stable-amd64-base.tar.gz
        """

    /// configs/proxmox8, verbatim: /boot and an LVM volume group.
    static let proxmox8 = """
        ## ===================================================
        ##  Hetzner Online GmbH - installimage  -  Proxmox-VE
        ## ===================================================

        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb

        SWRAID 1
        SWRAIDLEVEL 1

        BOOTLOADER grub

        HOSTNAME Proxmox-VE.localdomain

        PART  /boot  ext3  1024M
        PART  lvm    vg0    all
        LV  vg0  root  /     ext4  15G
        LV  vg0  swap  swap  swap   6G

        IMAGE /root/images/Debian-bookworm-latest-amd64-base.tar.gz
        """

    /// The standard config's "example without LVM (default)", uncommented,
    /// under the lines installimage writes for two drives.
    static let standardExample = """
        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb
        SWRAID 1
        SWRAIDLEVEL 1
        HOSTNAME Debian-1204-precise-64-minimal
        PART swap   swap        4G
        PART /boot  ext2      1024M
        PART /      ext4       10G
        PART /tmp   xfs         5G
        PART /home  ext3       all
        """

    /// The same example as installimage shows it in UEFI mode: with the ESP.
    static let standardExampleUEFI = """
        DRIVE1 /dev/nvme0n1
        DRIVE2 /dev/nvme1n1
        SWRAID 1
        SWRAIDLEVEL 1
        HOSTNAME vm-host
        PART swap   swap        4G
        PART /boot  ext2      1024M
        PART /boot/efi  esp          256M
        PART /      ext4       10G
        PART /tmp   xfs         5G
        PART /home  ext3       all
        """

    /// The standard config's "example with LVM": refused at the volume group.
    static let standardLVMExample = """
        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb
        SWRAID 1
        SWRAIDLEVEL 1
        HOSTNAME lvm-host
        PART /boot  ext3     1024M
        PART lvm    vg0       all
        LV vg0   root   /        ext4         10G
        LV vg0   swap   swap     swap          4G
        LV vg0   home   /home    xfs          20G
        """

    /// The standard config's "example with btrfs subvolumes".
    static let standardBtrfsExample = """
        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb
        SWRAID 1
        HOSTNAME btrfs-host
        PART btrfs.1    btrfs       all
        SUBVOL btrfs.1  @           /
        SUBVOL btrfs.1  @/usr       /usr
        SUBVOL btrfs.1  @home       /home
        """

    /// config.sh's DEFAULTPARTS_BIG (4G swap) on four drives, where the
    /// standard config's default level is DEFAULTFOURDRIVESWRAIDLEVEL, 6.
    static let defaultBigFourDrives = """
        DRIVE1 /dev/sda
        DRIVE2 /dev/sdb
        DRIVE3 /dev/sdc
        DRIVE4 /dev/sdd
        SWRAID 1
        SWRAIDLEVEL 6
        HOSTNAME store1
        PART swap swap 4G
        PART /boot ext3 1024M
        PART / ext4 1024G
        PART /home ext4 all
        """
}
