import CorpusCLI
#if canImport(Glibc)
import Glibc

// A file-size limit (ulimit -f) must fail the write with EFBIG, reported like a full disk, not kill the process.
signal(SIGXFSZ, SIG_IGN)
#endif

Census.runAndExit()
