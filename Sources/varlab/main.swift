// The varlab executable: wires the language to a terminal (VarlabCommand.swift), or to
// Jupyter with `varlab kernel ...` (KernelCommand.swift); `varlab merge` joins stores.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "kernel" {
    KernelCommand.main(Array(CommandLine.arguments.dropFirst(2)))
} else if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "merge" {
    MergeCommand.main(Array(CommandLine.arguments.dropFirst(2)))
} else {
    VarlabCommand.main()
}
