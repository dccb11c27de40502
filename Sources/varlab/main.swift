// The varlab executable: wires the language to a terminal (VarlabCommand.swift), or to
// Jupyter with `varlab kernel ...` (KernelCommand.swift).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "kernel" {
    KernelCommand.main(Array(CommandLine.arguments.dropFirst(2)))
} else {
    VarlabCommand.main()
}
