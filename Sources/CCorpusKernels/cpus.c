/* CPUs in this process's affinity mask (see CCorpusKernels.h). */
#define _GNU_SOURCE
#include <sched.h>
#include "CCorpusKernels.h"

int census_affinity_cpu_count(void) {
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
#else
    return -1;
#endif
}
