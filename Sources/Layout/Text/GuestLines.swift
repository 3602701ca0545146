internal import FoundationEssentials

/// How a hypervisor names each guest's array: by a path udev makes from the
/// array's name or UUID (`/dev/disk/by-id/md-name-HOST:NAME`, `md-uuid-UUID`),
/// which stays the same whatever /dev/mdN the kernel gives the array at boot.
public enum GuestLines {
    public struct Guest: Sendable, Codable, Equatable {
        public var name: String
        public var md: String
        /// The stable path of its array.
        public var path: String
        public var sizeBytes: UInt64?
        /// mdadm's form, when the plan ties the entry by UUID.
        public var uuid: String?
    }

    public enum Style: String, Sendable, CaseIterable {
        case xen, libvirt, json
    }

    /// The plan's guests, in plan order.
    public static func guests(_ plan: Plan) -> [Guest] {
        plan.arrays.filter(\.isGuest).map { g in
            Guest(name: g.name, md: g.device, path: stablePath(g, host: plan.host), sizeBytes: g.sizeBytes, uuid: g.uuid.map(ArrayUUID.mdadmForm))
        }
    }

    /// `/dev/disk/by-id/md-name-xen1:web2` (udev's 63-md-raid-arrays.rules), or by UUID for an entry tied by it.
    public static func stablePath(_ spec: ArraySpec, host: String) -> String {
        if let u = spec.uuid { return "/dev/disk/by-id/md-uuid-\(ArrayUUID.mdadmForm(u))" }
        return "/dev/disk/by-id/md-name-\(Planner.arrayName(host: host, spec))"
    }

    /// Xen's `disk = [...]` line of one guest.
    public static func xen(_ g: Guest) -> String {
        "# \(g.name) (\(g.md))\ndisk = ['phy:\(g.path),xvda,w']\n"
    }

    /// libvirt's `<disk>` element of one guest.
    public static func libvirt(_ g: Guest) -> String {
        """
        <!-- \(g.name) (\(g.md)) -->
        <disk type='block' device='disk'>
          <driver name='qemu' type='raw' cache='none' io='native'/>
          <source dev='\(g.path)'/>
          <target dev='vda' bus='virtio'/>
        </disk>

        """
    }

    public static func render(_ guests: [Guest], style: Style) throws -> String {
        switch style {
        case .xen: return guests.map(xen).joined()
        case .libvirt: return guests.map(libvirt).joined()
        case .json: return String(decoding: try Render.encoder().encode(guests), as: UTF8.self) + "\n"
        }
    }
}
