import VarlabCore

/// Rows of the tables that profile() and theory() return.
extension LayerProfile.Row: FieldSource {
    /// A profile row's fields, declared once.
    public static let schema = Schema<LayerProfile.Row>(
        "layer profile row",
        [
            .number("layer", .count, "hidden layer, from 1", role: .architecture) { Double($0.layer) },
            .text("act", "activation of the hidden layers", role: .architecture) { $0.activation.description },
            .number("spread", .share, "std / RMS of the layer's units over the grid (0: collapsed)") { $0.spread },
            .number("rms", .real, "root mean square of the layer's units over the grid") { $0.rms },
            .number("grad", .real, "mean norm of df/dW for this layer's weights over the grid") { $0.gradientNorm },
        ])
}

extension MeanFieldTheory.Step: FieldSource {
    /// A theory step's fields, declared once.
    public static let schema = Schema<MeanFieldTheory.Step>(
        "theory row",
        [
            .number("layer", .count, "layer: 0 is the input (c0, q0), then hidden layers 1..depth", role: .architecture)
            { Double($0.layer) },
            .number("c", .real, "correlation of two inputs after this layer") { $0.correlation },
            .number("q", .real, "squared length of the signal after this layer") { $0.length },
        ])
}

extension FieldSource {
    /// The value as a table row: its fields as a record.
    var row: Value {
        var r = Record(columns).withDetails(of: Self.schema.info)
        r.absences = Self.schema.absences(in: self)
        return .record(r)
    }
}

extension Record {
    /// The record with the schema's details (fields not shown in tables) marked.
    func withDetails(of schema: SchemaInfo) -> Record {
        var out = self
        for field in schema.fields where !field.inTables { out.details.formUnion(field.columnNames) }
        return out
    }
}
