#ifndef DISKPLAN_CARGUMENTS_H
#define DISKPLAN_CARGUMENTS_H

/* The program's arguments as the C runtime passed them to main, read without
 * /proc. The Swift runtime on Linux builds CommandLine.arguments from
 * /proc/self/cmdline, which a chroot without /proc does not have: there every
 * argument would be lost. */

/** argc, or 0 when the C library did not pass it (not glibc). */
int diskplan_argc(void);

/** argv (argc pointers, then NULL), or NULL when the C library did not pass it. */
char *const *diskplan_argv(void);

#endif
