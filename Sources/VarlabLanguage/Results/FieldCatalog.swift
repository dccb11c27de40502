import VarlabCore

/// Every schema, registered once: a column name found in any table can be looked up here
/// for its meaning (figure labels, table footers, completion). One name, one quantity.
public enum FieldCatalog {
    /// Every schema a value can have, for help, completion and the docs' test.
    public static let schemas: [SchemaInfo] = [
        NetValue.schema.info, LandscapeValue.schema.info, DatasetValue.schema.info,
        VariabilityReport.schema.info, TrainabilityReport.schema.info, TrainingReport.schema.info,
        CorrelationReport.schema.info, LayerProfile.Row.schema.info, MeanFieldTheory.Step.schema.info,
    ]

    static let byName: [String: FieldDeclaration] = {
        var table: [String: FieldDeclaration] = [:]
        for schema in schemas {
            // The first declaration of a name, or a later one that brings an axis label.
            for field in schema.fields
            where table[field.name] == nil || (table[field.name]?.label == nil && field.label != nil) {
                table[field.name] = field
            }
        }
        return table
    }()

    /// The declaration behind a column name, companions (`v3_se`) included.
    public static func declaration(of column: String) -> FieldDeclaration? {
        if let d = byName[column] { return d }
        for suffix in ["_se", "_low", "_high"] where column.hasSuffix(suffix) {
            if let d = byName[String(column.dropLast(suffix.count))], d.uncertainty != nil { return d }
        }
        return nil
    }

    /// An axis label: the column with its meaning when that is short ("depth (hidden
    /// layers L)"), the column alone otherwise (a chart has little room for its axes).
    public static func label(_ column: String) -> String {
        guard let d = declaration(of: column) else { return column }
        if let label = d.label, d.name == column { return "\(column): \(label)" }
        guard column.count + d.doc.count <= 30 else { return column }
        return "\(column) (\(d.doc))"
    }
}
