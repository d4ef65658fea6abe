import CorpusCLI

Census.main()
