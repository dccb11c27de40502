// The varlab executable: wires the language to a terminal (VarlabCommand.swift); its
// subcommands serve Jupyter (`varlab kernel ...`, KernelCommand.swift) and join stores
// (`varlab merge`, MergeCommand.swift).
VarlabCommand.main()
