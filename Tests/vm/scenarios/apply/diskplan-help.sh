#!/bin/bash
# Rescue-VM scenario (SmokeTests): the release binary runs on the rescue system's libraries.
diskplan --help
