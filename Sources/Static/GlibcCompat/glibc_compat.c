// What the static release needs from the C library beyond its floor, glibc 2.28 (RHEL 8). Compiled and linked by
// scripts/release-static.sh only, which links against a Debian 11 root (glibc 2.31); the normal build never sees
// this file. `objdump -T` on the release must show no GLIBC_ version newer than 2.28 (ci/glibc-check.sh).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>

// Everything here is hidden: the archives linked into census bind to these definitions at link time, and the
// executable does not export them, so the dynamic linker never resolves a library's (or our own versioned)
// reference to them (with -export-dynamic, an exported `log` would satisfy `log@GLIBC_2.2.5` and call itself).
#define CENSUS_HIDDEN __attribute__((visibility("hidden")))

// glibc 2.32 added `__libc_single_threaded`, which libstdc++ (GCC 11 and later) reads to skip atomic reference
// counting while a process has one thread. Zero means "maybe several threads": always the atomic path, which is
// correct at any thread count (libstdc++ only reads it).
CENSUS_HIDDEN char __libc_single_threaded = 0;

// glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions that only drop the SVID error-handling
// wrapper; the computation is the same code (the new implementations came in 2.28), so binding the 2.2.5
// versions gives the same results and runs on 2.28.
#if defined(__x86_64__)
#define CENSUS_OLD_MATH(name, version) \
    extern double census_old_##name(double); \
    __asm__(".symver census_old_" #name ", " #name "@" version); \
    CENSUS_HIDDEN double name(double x) { return census_old_##name(x); }
CENSUS_OLD_MATH(exp, "GLIBC_2.2.5")
CENSUS_OLD_MATH(exp2, "GLIBC_2.2.5")
CENSUS_OLD_MATH(log, "GLIBC_2.2.5")
CENSUS_OLD_MATH(log2, "GLIBC_2.2.5")
extern double census_old_pow(double, double);
__asm__(".symver census_old_pow, pow@GLIBC_2.2.5");
CENSUS_HIDDEN double pow(double x, double y) { return census_old_pow(x, y); }
#endif

// glibc 2.29 added posix_spawn_file_actions_addchdir_np (Foundation's Process uses it to start a child in another
// folder; census itself never asks for that). Looked up at run time: where the C library has it, it is called;
// on an older one the request fails with ENOSYS, as Foundation expects of a system without it.
CENSUS_HIDDEN int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path) {
    typedef int (*addchdir_t)(posix_spawn_file_actions_t *, const char *);
    static addchdir_t real;
    static int looked;
    if (!__atomic_load_n(&looked, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&real, (addchdir_t)dlsym(RTLD_NEXT, "posix_spawn_file_actions_addchdir_np"), __ATOMIC_RELAXED);
        __atomic_store_n(&looked, 1, __ATOMIC_RELEASE);
    }
    addchdir_t function = __atomic_load_n(&real, __ATOMIC_RELAXED);
    return function ? function(actions, path) : ENOSYS;
}
