/// Each install step as the dry run shows it and apply runs it.
extension HostInstall {
    func mount(_ s: InstallStep) -> Action {
        let fs = s.mounts.map { "\($0.device) on \(s.root)\($0.path == "/" ? "" : $0.path) (\($0.format.rawValue))" }
        return Action(.mountHost(s), device: s.mounts.first?.device ?? s.root, summary: "Mount the host's file systems under \(s.root)",
                      detail: "mount " + fs.joined(separator: ", ") + "; then /dev and /dev/pts bound, /proc and /sys (and efivars where there are some) for the chroot")
    }

    func extract(_ s: InstallStep) -> Action {
        let root = s.mounts.first?.device ?? "/"
        return Action(.extractImage(s), device: root, summary: "Install the image \(s.image ?? "") on the host's / (\(root))",
                      argv: ["tar", "--extract", "--file", s.image ?? "", "--directory", s.root, "--numeric-owner",
                             "--preserve-permissions", "--xattrs", "--xattrs-include=*"],
                      detail: "only into file systems that are empty or that this install started; recorded in \(HostRootState.stateFile)")
    }

    func fstab(_ s: InstallStep) -> Action {
        let what = s.entries.compactMap { e -> String? in
            switch e.format {
            case .swap: "swap \(e.md)"
            case .raw: nil
            default: e.mount.map { "\($0) \(e.md)" }
            }
        }
        return Action(.writeFstab(s), device: "\(s.root)/etc/fstab", summary: "Write the host's /etc/fstab (by UUID: \(what.joined(separator: ", ")))",
                      detail: "each line replaces the line for its mount point; the others stay; the old file is kept as fstab.diskplan-old")
    }

    func mdadmConf(_ s: InstallStep) -> Action {
        Action(.writeMdadmConf(s), device: "\(s.root)/etc/mdadm/mdadm.conf",
               summary: "Write the host's /etc/mdadm/mdadm.conf (HOMEHOST \(s.host), \(target.arrays.count) array(s) by UUID and name"
                   + (s.alerts.map { "; alerts: \($0.described)" } ?? "") + ")",
               detail: "ARRAY lines as mdadm writes them, for every array of the plan; the old file is kept as mdadm.conf.diskplan-old")
    }

    func initramfs(_ s: InstallStep) -> Action {
        Action(.updateInitramfs(s), device: s.root, summary: "Refresh the host's initramfs, so that early boot assembles the arrays",
               argv: ["chroot", s.root, "update-initramfs", "-u", "-k", "all"])
    }

    /// GRUB for each firmware the plan boots with: in every disk's MBR and bios_grub (BIOS), at
    /// the ESP's removable path (UEFI: the ESP is RAID1, so every disk gets it).
    func bootloaders(_ s: InstallStep, extracted: Bool, probe: HostProbe?) -> [Action] {
        var out: [Action] = []
        if target.firmware.bootsBIOS {
            for d in target.bootDisks where !(extracted && probe?.bootCode[d.path]?.bootsBIOS == true) {
                var step = s
                step.grubTarget = "i386-pc"
                let where_ = target.label == .gpt ? "MBR and bios_grub" : "MBR and the gap before partition 1"
                out.append(Action(.installBootloader(disk: d.path, host: step), device: d.path, summary: "Install GRUB on \(d.path) (BIOS boot: \(where_))",
                                  argv: ["chroot", s.root, "grub-install", "--target=i386-pc", d.path]))
            }
        }
        if target.firmware.bootsUEFI, let esp = target.arrays.first(where: { $0.spec.isESP }),
           !(extracted && probe?.root?.efiLoader == true) {
            var step = s
            step.grubTarget = "x86_64-efi"
            out.append(Action(.installBootloader(disk: nil, host: step), device: esp.device,
                              summary: "Install GRUB on the ESP \(esp.device) at the removable path (UEFI boot from every disk: the ESP is RAID1)",
                              argv: ["chroot", s.root, "grub-install", "--target=x86_64-efi", "--efi-directory=/boot/efi", "--removable", "--no-nvram"]))
        }
        return out
    }

    func bootMenu(_ s: InstallStep) -> Action {
        Action(.writeBootMenu(s), device: s.root, summary: "Write the host's boot menu (update-grub)",
               argv: ["chroot", s.root, "update-grub"])
    }

    func unmount(_ s: InstallStep) -> Action {
        Action(.unmountHost(s), device: s.root, summary: "Unmount the host's file systems from \(s.root)",
               argv: ["umount", "--recursive", s.root])
    }
}
