import Testing
import VarlabCore
import VarlabKernel
import VarlabLanguage

/// A notebook's HTML table has as many cells in every row as it has headers: abs rows, with
/// no dead_layer_rate (undefined for abs), had 12 cells under 13 headers.
@Suite struct RichOutputTests {
    @Test func everyRowHasACellPerHeader() {
        let rows = [
            Record([
                ("depth", .number(1)), ("act", .string("relu")), ("v3", .number(0.01)), ("dead_layer_rate", .number(0)),
            ]),
            Record([("depth", .number(1)), ("act", .string("abs")), ("v3", .number(0.02))]),
        ]
        let html = RichOutput.html(rows)
        let headers = html.components(separatedBy: "<th>").count - 1
        let bodyRows = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "<tr>").dropFirst()
        #expect(headers == 4 && bodyRows.count == 2)
        for row in bodyRows { #expect(row.components(separatedBy: "<td>").count - 1 == headers, "\(row)") }
    }
}
