@testable import Layout

extension Fixtures {
    /// A Debian bookworm root archive as the probe reads it: what Tests/vm/build-host-image.sh makes.
    static func image(_ path: String, found: [String]? = nil, kernels: [String] = ["vmlinuz-6.1.0-57-amd64"],
                      unpacked: UInt64 = 658 * Size.MiB, boot: UInt64 = 46 * Size.MiB) -> ImageInfo {
        ImageInfo(path: path, archiveBytes: 240_561_756, found: found ?? ImageInfo.interesting.filter { !$0.hasPrefix("sbin/") && $0 != "bin/efibootmgr" }.sorted(),
                  kernels: kernels, unpackedBytes: unpacked, bootBytes: boot)
    }

    static let installPlan = """
        host: xen1
        disks: [/dev/sda, /dev/sdb]
        image: /srv/images/bookworm.tar.gz
        arrays:
          - {name: swap, md: 0, size: 4G,  format: swap}
          - {name: boot, md: 1, size: 1G,  format: ext4, mount: /boot}
          - {name: root, md: 2, size: 30G, format: ext4, mount: /}
        guests:
          - {name: ns1,  size: 20G}
        """
}
