public import Layout
import Platform

/// The running md arrays: what sysfs tells (`MDSysfs.runningArrays`), with what the members'
/// superblocks and the array's own content tell.
extension Probe {
    /// The md arrays the running kernel knows, from /sys/block/mdN/md, with
    /// the signatures libblkid finds on each array. Name and UUID come from a
    /// member's superblock as libblkid reads it, so they compare equal to the
    /// members' signatures (the UUID from sysfs only when no member is
    /// readable). [] when the kernel has no md driver or no arrays.
    /// With `checkingFileSystems`, an ext4 on an array that was never mounted is checked for an
    /// interrupted mkfs (`UnfinishedFileSystem`): planning needs it, apply's own look-ups do not.
    public static func runningArrays(checkingFileSystems: Bool = false, md: MDSysfs = MDSysfs()) -> [RunningArray] {
        md.runningArrays().map { found in
            var array = found
            let memberSignature = array.members.lazy
                .compactMap { try? signatures(of: $0).first(where: \.isRaidMember) }.first
            array.name = memberSignature?.label
            array.uuid = memberSignature?.uuid ?? found.uuid
            array.signatures = found.sizeBytes == 0 ? [] : ((try? signatures(of: found.device)) ?? []).map { s in
                var s = s
                if checkingFileSystems, s.type == "ext4" { s.unfinished = UnfinishedFileSystem.reason(found.device) }
                return s
            }
            array.memberDisks = found.members.map(wholeDisk)
            return array
        }
    }

    /// The whole disk a partition node lies on (`/dev/vda` for `/dev/vda2`); the node itself when it is a whole disk.
    static func wholeDisk(_ node: String) -> String {
        let name = node.split(separator: "/").last.map(String.init) ?? node
        guard Posix.sysfs("/sys/class/block/\(name)/partition") != nil,
              let sys = try? Posix.realPath("/sys/class/block/\(name)") else { return node }
        let parts = sys.split(separator: "/")
        return parts.count >= 2 ? "/dev/\(parts[parts.count - 2])" : node
    }

    /// The superblocks on a whole block device (an md array or member).
    static func signatures(of device: String) throws -> [Signature] {
        try Posix.withDescriptor(device, flags: O_RDONLY) { fd in
            try Blkid.withProbe(fd: fd, path: device) { try $0.superblocks().map(\.signature) }
        }
    }
}
