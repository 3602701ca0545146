public import Layout

/// What `diskplan status` reads from the machine. Never writes.
public enum StatusProbe {
    /// Each of `disks` probed on its own, so that one missing or unreadable
    /// disk is a finding and not the end; the running arrays; the md state of
    /// every array from `md`.
    public static func machine(disks: [String], md: MDSysfs = MDSysfs()) -> MachineState {
        var found: [DiskInfo] = []
        var unreadable: [String: String] = [:]
        for path in disks {
            do {
                found.append(try Probe.disk(path))
            } catch let e as DeviceError {
                unreadable[path] = e.path == path ? e.reason : e.description
            } catch {
                unreadable[path] = "\(error)"
            }
        }
        var inventory = Inventory(disks: found, arrays: Probe.runningArrays(md: md))
        inventory.host = HostProbe(bootCode: BootCodeReader.read(found))
        inventory.host?.efiLoader = Dictionary(found.compactMap { d in BootCodeReader.efiLoader(d).map { (d.path, $0) } }, uniquingKeysWith: { a, _ in a })
        inventory.host?.efi = EFIVarReader.read()
        Blkid.releaseFreedMemory()
        let conf = HostFiles.systemMdadmConf().flatMap(Posix.sysfs)
        return MachineState(inventory: inventory, unreadable: unreadable, md: md.states(),
                            hostName: HostFiles.shortHostName(), mdadmConf: conf)
    }
}
