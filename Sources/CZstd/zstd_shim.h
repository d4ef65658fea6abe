#ifndef CENSUS_ZSTD_SHIM_H
#define CENSUS_ZSTD_SHIM_H
/* libzstd: census reads zstd-compressed inputs (.jsonl.zst as HPLT and many dataset dumps ship them) with its
   buffer-less block API, one block at a time, so damage is found at a block boundary whatever the read sizes. */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#endif
