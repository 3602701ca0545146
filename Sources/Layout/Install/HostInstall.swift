/// The steps that install the host once its arrays and file systems exist:
/// mount them, extract the image, write fstab and mdadm.conf, refresh the
/// initramfs, put GRUB on every disk (BIOS) and on the ESP (UEFI), write the
/// boot menu, unmount. Each step is planned only while it is not done, as the
/// probe read it (`HostProbe`), so a finished install plans nothing.
public struct HostInstall {
    let target: TargetLayout
    let inventory: Inventory
    /// Whether the actions before these change a host array or its contents.
    let arraysChanging: Bool

    /// Where apply mounts the host's root.
    static let root = "/run/diskplan/host"

    func actions() -> [Action] {
        guard let image = target.image else { return [] }
        // A reinstall makes the file systems anew: nothing of the old install counts.
        let probe = target.reinstallHost ? nil : inventory.host
        let state = probe?.root
        let step = self.step(image: image, identity: inventory.host?.image?.identity)
        var steps: [Action] = []
        let extracted = step.imageIdentity.map { state?.installed.contains("image \($0)") == true } ?? false
        if !extracted { steps.append(extract(step)) }
        let current = entries(withUUIDs: true)
        let settled = extracted && !arraysChanging
        if !(settled && state?.fstab.map { HostFileText.fstab($0, wanted: HostFileText.fstabLines(current)) == $0 } == true) {
            steps.append(fstab(step))
        }
        if !(settled && state?.mdadmConf.map { HostFileText.mdadmConf($0, host: target.host, entries: current, alerts: target.alerts) == $0 } == true) {
            steps.append(mdadmConf(step))
        }
        let filesDone = steps.isEmpty
        if !(filesDone && state.map { $0.installed.contains("initramfs \(Self.initramfsKey($0.mdadmConf ?? ""))") } == true) {
            steps.append(initramfs(step))
        }
        steps += bootloaders(step, extracted: extracted, probe: probe)
        if !(steps.isEmpty && state.map { $0.installed.contains("boot-menu \(Self.bootMenuKey($0))") } == true) {
            steps.append(bootMenu(step))
        }
        // The firmware's entries need nothing mounted: after GRUB is on the ESP, outside the mount.
        return (steps.isEmpty ? [] : [mount(step)] + steps + [unmount(step)]) + bootEntries(step, probe: probe)
    }

    /// The record of the initramfs built for this mdadm.conf.
    public static func initramfsKey(_ mdadmConf: String) -> String { HostFileText.digest(mdadmConf) }

    /// The record of the boot menu written for these files and kernels.
    public static func bootMenuKey(_ s: HostRootState) -> String {
        HostFileText.digest((s.fstab ?? "") + "\u{0}" + (s.mdadmConf ?? "") + "\u{0}" + s.kernels.joined(separator: " "))
    }

    /// Every array of the plan (fstab takes the host's, mdadm.conf all); with the UUIDs the probe read, where they exist.
    func entries(withUUIDs: Bool) -> [HostFileText.Entry] {
        target.arrays.map { a in
            let running = withUUIDs ? a.running : nil
            var e = HostFileText.Entry(md: a.md, name: a.name, metadata: a.metadata, format: a.format, mount: a.mount,
                                       arrayUUID: running?.uuid, contentUUID: running?.signatures.first?.uuid)
            e.spareGroup = a.spareGroup
            return e
        }
    }

    /// The host's file systems as an install step without an image: what `diskplan chroot` mounts.
    public static func chrootStep(_ t: TargetLayout) -> InstallStep {
        HostInstall(target: t, inventory: Inventory(disks: []), arraysChanging: false).step(image: nil, identity: nil)
    }

    func step(image: String?, identity: String?) -> InstallStep {
        let mounts = target.arrays.filter { !$0.guest && $0.mount != nil && $0.format != .raw && $0.format != .swap }
            .sorted { ($0.mount!.split(separator: "/").count, $0.mount!) < ($1.mount!.split(separator: "/").count, $1.mount!) }
            .map { HostMount(device: $0.device, path: $0.mount!, format: $0.format) }
        var step = InstallStep(root: Self.root, mounts: mounts, image: image, imageIdentity: identity, host: target.host,
                               entries: entries(withUUIDs: false))
        step.alerts = target.alerts
        return step
    }
}
