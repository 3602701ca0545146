#include "CArguments.h"
#include <stdlib.h> /* defines __GLIBC__ on glibc */

static int saved_argc;
static char *const *saved_argv;

#if defined(__GLIBC__)
/* glibc calls the functions of .init_array with main's argc, argv and envp
 * before main runs (other C libraries pass nothing, so this is glibc only). */
static void remember_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
}

__attribute__((section(".init_array"), used))
static void (*const remember_arguments_entry)(int, char **, char **) = remember_arguments;
#endif

int diskplan_argc(void) { return saved_argc; }

char *const *diskplan_argv(void) { return saved_argv; }
