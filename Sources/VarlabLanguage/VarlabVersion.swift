/// The version every saved file and `varlab --version` report.
public enum VarlabVersion {
    /// This varlab's version.
    public static let current = "1.3.0"
}
