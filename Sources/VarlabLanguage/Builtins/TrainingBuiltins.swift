enum TrainingBuiltins { static var all: [Builtin] { [] } }
