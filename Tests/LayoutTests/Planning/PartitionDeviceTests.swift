import Testing
@testable import Layout

/// Partition devices are named as the kernel names them, from the disk's kernel node.
@Suite struct PartitionDeviceTests {
    @Test(arguments: [
        ("/dev/sda", "/dev/sda", true, "/dev/sda3"),
        ("/dev/vdb", "/dev/vdb", true, "/dev/vdb3"),
        ("/dev/nvme0n1", "/dev/nvme0n1", true, "/dev/nvme0n1p3"),
        ("/dev/loop7", "/dev/loop7", true, "/dev/loop7p3"),
        ("/dev/md0", "/dev/md0", true, "/dev/md0p3"),
        ("/dev/mmcblk0", "/dev/mmcblk0", true, "/dev/mmcblk0p3"),
        // udev's links name partitions with -partN, and they exist.
        ("/dev/disk/by-id/nvme-SAMSUNG_1", "/dev/nvme0n1", true, "/dev/disk/by-id/nvme-SAMSUNG_1-part3"),
        ("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", "/dev/sda", true, "/dev/disk/by-path/pci-0000:00:1f.2-ata-1-part3"),
        // Any other link: the kernel's node, never the link's text with a number appended.
        ("/dev/fast0", "/dev/nvme1n1", true, "/dev/nvme1n1p3"),
        ("/root/disk-a", "/dev/sdc", true, "/dev/sdc3"),
        ("/srv/a.img", "/srv/a.img", false, "/srv/a.img#3"),
    ])
    func namedAsTheKernelNamesThem(path: String, node: String, block: Bool, expected: String) {
        let d = DiskInfo(path: path, resolvedPath: node, isBlockDevice: block, sizeBytes: 1 << 30)
        #expect(Planner.partitionDevice(d, 3) == expected)
    }
}
