/// The lines of a text file from any platform: "\r\n" (Windows, Python's csv module), "\r"
/// and "\n" each end a line, and a leading byte-order mark is dropped. Swift treats "\r\n"
/// as one Character, so splitting a String on "\n" finds no line break in such a file.
public enum TextLines {
    /// Lines of a text, whatever its line endings (\r\n, \r, \n).
    public static func split(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var afterCR = false
        for s in scalars {
            if s == "\n" && afterCR {
                afterCR = false
                continue  // the second half of "\r\n"
            }
            afterCR = s == "\r"
            if s == "\n" || s == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(s)
            }
        }
        lines.append(String(current))
        return lines
    }
}
