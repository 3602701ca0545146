import Apply

/// The probe of the Apply module; named here because `DiskPlanCommand.Apply` hides the module name inside commands.
typealias DiskProbe = Apply.Probe
