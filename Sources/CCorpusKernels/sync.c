/* syncfs(2), which glibc declares only with _GNU_SOURCE (see CCorpusKernels.h). */
#define _GNU_SOURCE
#include <unistd.h>
#include "CCorpusKernels.h"

int census_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    (void)fd;
    sync();
    return 0;
#endif
}
