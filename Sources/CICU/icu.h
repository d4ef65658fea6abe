#ifndef CENSUS_CICU_H
#define CENSUS_CICU_H
/* Only ICU headers: imported by the C++ shim target, never by a Swift module that imports Foundation. */
#include <unicode/uversion.h>
#include <unicode/utypes.h>
#endif
