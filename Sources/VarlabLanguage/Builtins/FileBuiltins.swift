import VarlabCore
import VarlabGraphics

/// Saving and loading: the format follows the file's extension.
enum FileBuiltins {
    static var all: [Builtin] {
        [
            Builtin(
                "save", topic: .files,
                "Writes a value to a file, atomically (a temporary file, then a rename). .json: nets "
                    + "(varlab.mlp), landscapes (varlab.landscape), tables and results; .csv: tables, "
                    + "landscapes and datasets; .svg and .png: the picture show() draws (landscapes, nets, "
                    + "lists and tables of them on one colour scale, datasets, decision views of "
                    + "trained nets, charts); the PNG is the SVG rasterised, sized by width: or dpi:.",
                arguments: [
                    SaveArgument.value, SaveArgument.path, SaveArgument.width, SaveArgument.dpi, FigureBuiltins.grid,
                    FigureBuiltins.scale, FigureBuiltins.font, FigureBuiltins.title, FigureBuiltins.pick,
                ],
                example:
                    "save(mlp(depth: 4), \"net.json\")\nsave(t, \"variability.csv\")\nsave(plot(t, x: "
                    + "\"depth\", y: \"v3\", by: \"act\"), \"v3.png\", width: 1600)"
            ) { c in
                let value = try c[SaveArgument.value]
                let path = try c[SaveArgument.path]
                guard !path.isEmpty else { throw c.argumentError(SaveArgument.path, "must not be empty") }
                let bytes = try encode(value, extension: fileExtension(path), c: c)
                do {
                    try c.host.files.write(bytes, to: path)
                } catch {
                    throw c.error("cannot write '\(path)': \(reason(error))", at: SaveArgument.path)
                }
                if fileExtension(path) == "png", !c.isGiven(FigureBuiltins.font) {
                    // Page-sized text is too small on a projector; say once how to make it larger.
                    c.interpreter.noteOnce(
                        "save: PNG text is sized for a page (about 14 px in a 960 px figure); for a projector "
                            + "add font: slides (1.8x) or font: large")
                }
                return .nil
            },
            Builtin(
                "folder", topic: .files,
                "Creates a folder (and its parents) if needed and returns its path, for saving many files.",
                arguments: [folderPath], example: "out = folder(\"results\")\nsave(t, out + \"/v3.csv\")"
            ) { c in
                let path = try c[folderPath]
                guard !path.isEmpty else { throw c.argumentError(folderPath, "must not be empty") }
                do {
                    try c.host.files.makeFolder(path)
                } catch {
                    throw c.error("cannot create folder '\(path)': \(reason(error))", at: folderPath)
                }
                return .string(path)
            },
            Builtin(
                "load", topic: .files,
                "Reads a file: .npz or .safetensors (a net: varlab's, or a PyTorch nn.Sequential state dict with act: "
                    + "naming its activation), .json (a varlab.mlp net, a varlab.landscape, or any JSON data) or .csv (a "
                    + "dataset of x, y, label rows, with an optional fourth column split = train or test; or a "
                    + "header naming a label column, every other column a feature (d of them); without a split "
                    + "column a seeded quarter of the rows is held out for testing). Any line endings "
                    + "(Windows, Python's csv module) and a byte-order mark are read.",
                arguments: [loadPath, standardise, loadAct],
                example: "net = load(\"net.json\")\ndata = load(\"features.csv\", standardise: true)\n"
                    + "save(mlp(depth: 3), \"n.safetensors\")\nload(\"n.safetensors\")"
            ) { c in
                let path = try c[loadPath]
                let ext = fileExtension(path)
                if ArrayFiles.extensions.contains(ext) {
                    let bytes: [UInt8]
                    do { bytes = try c.host.files.readBytes(path) } catch {
                        throw c.error("cannot read '\(path)': \(reason(error))", at: loadPath)
                    }
                    do {
                        return .net(try ArrayFiles.net(bytes, extension: ext, act: try c[loadAct]))
                    } catch let error as VarlabError {
                        throw error
                    } catch {
                        throw c.error("\(path): \(error)", at: loadPath)
                    }
                }
                if ["pt", "pth", "onnx", "npy"].contains(ext) {
                    throw c.error(
                        "load: .\(ext) files are not read; from PyTorch save the state dict with safetensors "
                            + "(safetensors.torch.save_file(model.state_dict(), \"net.safetensors\")), from NumPy with "
                            + "numpy.savez (docs/formats.md)",
                        at: loadPath)
                }
                let text: String
                do {
                    text = try c.host.files.read(path)
                } catch {
                    throw c.error("cannot read '\(path)': \(reason(error))", at: loadPath)
                }
                switch fileExtension(path) {
                case "csv":
                    do {
                        let dataset = try Dataset.parseCSV(
                            text, name: String(path.split(separator: "/").last ?? Substring(path)),
                            seed: c.interpreter.options.seed,
                            maximumRows: c.interpreter.options.limits.maximumPoints)
                        let scaled = try c[standardise]
                        return .dataset(
                            DatasetValue(
                                dataset: scaled ? dataset.standardised() : dataset,
                                recipe: "load(\"\(path)\"\(scaled ? ", standardise: true" : ""))"))
                    } catch let e as Dataset.CSVError {
                        throw c.error("\(path):\(e.line): \(e.message)", at: loadPath)
                    }
                default:
                    return try decodeJSON(text, path: path, c: c)
                }
            },
        ]
    }

    enum SaveArgument {
        static let value = BuiltinArgument.value("value", "what to save")
        static let path = BuiltinArgument.text("path", "file name; the extension picks the format")
        static let width = BuiltinArgument.optionalInteger(
            "width", default: "the figure's own", in: PNGRenderer.widths,
            "PNG only: width in pixels (the drawing, text included, scales with it)")
        static let dpi = BuiltinArgument.integer(
            "dpi", default: 96, in: 24...1200,
            "PNG only: pixels per inch; 192 doubles the size (ignored when width is given)")
    }

    static let folderPath = BuiltinArgument.text("path", "folder name")
    static let loadPath = BuiltinArgument.text("path", "file name")
    static let loadAct = BuiltinArgument<Activation?>.optionalActivation(
        "act", "a .npz or .safetensors net from elsewhere: the activation after each hidden Linear layer")
    static let standardise = BuiltinArgument.flag(
        "standardise", default: false,
        "a CSV dataset: centre and scale each feature by the training points' mean and standard deviation")

    /// "csv" for "out/t.CSV"; empty when the name has none.
    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    static func reason(_ error: Error) -> String {
        (error as? FileStoreError)?.reason ?? "\(error)"
    }

    static func encode(_ value: Value, extension ext: String, c: CallContext) throws -> [UInt8] {
        switch ext {
        case "json":
            do {
                return Array((try ValueJSON.file(value).text + "\n").utf8)
            } catch {
                throw c.error("save: \(error)", at: SaveArgument.value)
            }
        case "csv":
            guard let text = CSVTable.csv(value) else {
                throw c.error(
                    "save: a \(value.typeName) cannot be saved as CSV (tables, landscapes and datasets can)",
                    at: SaveArgument.value)
            }
            return Array(text.utf8)
        case "svg", "png":
            guard let figure = try FigureBuiltins.figure(of: value, c: c) else {
                throw c.error(
                    "save: a \(value.typeName) has no picture (landscapes, nets, lists of them, tables of nets, "
                        + "datasets, trained nets and charts do)",
                    at: SaveArgument.value)
            }
            if ext == "svg" { return Array(SVGWriter.svg(figure).utf8) }
            return try png(figure, c: c)
        case "npz", "safetensors":
            do {
                return try ArrayFiles.encode(value, extension: ext)
            } catch {
                throw c.error("save: \(error)", at: SaveArgument.value)
            }
        case "":
            throw c.error(
                "save: the file name has no extension to choose the format; end it with .json, .csv, .svg, .png, .npz "
                    + "or .safetensors",
                at: SaveArgument.path)
        default:
            throw c.error(
                "save: unknown file type '.\(ext)'; use .json, .csv, .svg, .png, .npz or .safetensors"
                    + (["pt", "pth", "onnx", "npy"].contains(ext)
                        ? " (PyTorch: save the state dict with safetensors; docs/formats.md shows how)" : ""),
                at: SaveArgument.path)
        }
    }

    /// A PNG at the asked width, or at the figure's own width times dpi / 96.
    static func png(_ figure: Figure, c: CallContext) throws -> [UInt8] {
        let own = FigureDrawing.size(of: figure).width
        let width = try c[SaveArgument.width] ?? Int((Double(own) * Double(try c[SaveArgument.dpi]) / 96).rounded())
        guard PNGRenderer.widths.contains(width) else {
            throw c.argumentError(
                SaveArgument.dpi,
                "gives a PNG \(width) pixels wide; it must be \(PNGRenderer.widths.lowerBound) to "
                    + "\(PNGRenderer.widths.upperBound)"
            )
        }
        do {
            return try PNGRenderer.png(figure, width: width)
        } catch {
            throw c.error("save: \(error)")
        }
    }

    static func decodeJSON(_ text: String, path: String, c: CallContext) throws -> Value {
        let doc: JSON
        do {
            doc = try JSON.parse(text)
        } catch let e as JSONError {
            throw c.error("\(path):\(e.line):\(e.column): not valid JSON: \(e.message)", at: loadPath)
        }
        do {
            switch doc["format"]?.string {
            case "varlab.mlp": return .net(NetValue(net: try NetFile.net(from: doc), spec: nil, origin: .loaded))
            case "varlab.landscape":
                let l = try NetFile.landscape(from: doc)
                return .landscape(
                    LandscapeValue(landscape: l, measures: LandscapeMeasures(l), caption: path, name: path))
            case "varlab.table": return doc["rows"].map(value) ?? .list([])
            default:
                // The version stamp says how the file was made; it is not part of the value.
                if case .object(let members) = doc, members.first?.0 == "varlab" {
                    if members.count == 2, members[1].0 == "value" { return value(members[1].1) }
                    return value(.object(Array(members.dropFirst())))
                }
                return value(doc)
            }
        } catch let e as NetFile.FormatError {
            throw c.error("\(path): \(e.message)", at: loadPath)
        }
    }

    static func value(_ doc: JSON) -> Value {
        switch doc {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map(value))
        case .object(let members): return .record(Record(members.map { ($0.0, value($0.1)) }))
        }
    }
}
