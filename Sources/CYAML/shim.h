#ifndef DISKPLAN_CYAML_SHIM_H
#define DISKPLAN_CYAML_SHIM_H

/* libyaml's event parser, for the plan file's reader
 * (Sources/Layout/PlanFile/LibYAML.swift, the one Swift file that imports
 * this module). Debian's libyaml-dev. */
#include <yaml.h>

#endif
