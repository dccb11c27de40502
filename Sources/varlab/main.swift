// The varlab executable: wires the language to a terminal. See VarlabCommand.swift.
VarlabCommand.main()
