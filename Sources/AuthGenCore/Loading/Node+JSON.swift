import Foundation
import Yams

extension Node {
    /// The node as pretty JSON in source order, as written in the spec.
    func prettyJSON(indent: Int = 4) -> String {
        var output = ""
        writeJSON(to: &output, indent: indent, level: 0)
        return output
    }

    private func writeJSON(to output: inout String, indent: Int, level: Int) {
        let newline = "\n"
        let pad = String(repeating: " ", count: indent * (level + 1))
        let closing = String(repeating: " ", count: indent * level)
        switch self {
        case .mapping(let mapping):
            if mapping.count == 0 { output += "{}"; return }
            output += "{" + newline
            for (index, (key, value)) in mapping.enumerated() {
                if index > 0 { output += "," + newline }
                output += pad
                SwiftNaming.appendJSONString(key.string ?? "", to: &output)
                output += ": "
                value.writeJSON(to: &output, indent: indent, level: level + 1)
            }
            output += newline + closing + "}"
        case .sequence(let sequence):
            if sequence.count == 0 { output += "[]"; return }
            output += "[" + newline
            for (index, element) in sequence.enumerated() {
                if index > 0 { output += "," + newline }
                output += pad
                element.writeJSON(to: &output, indent: indent, level: level + 1)
            }
            output += newline + closing + "]"
        case .scalar(let scalar):
            if scalar.style == .plain {
                switch scalar.string {
                case "null", "Null", "NULL", "~", "": output += "null"; return
                case "true", "True", "TRUE": output += "true"; return
                case "false", "False", "FALSE": output += "false"; return
                default:
                    if let int = Int(scalar.string) { output += String(int); return }
                    if let double = Double(scalar.string), double.isFinite, scalar.string.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true
                    {
                        output += scalar.string.hasPrefix(".") ? "0" + scalar.string : scalar.string
                        return
                    }
                }
            }
            SwiftNaming.appendJSONString(scalar.string, to: &output)
        case .alias:
            output += "null"
        }
    }
}

extension SwiftNaming {
    static func appendJSONString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension Node.Mapping {
    /// The value of `key` compared as text, the last when a key repeats. JSON pointers and
    /// OpenAPI keys are text; Yams's own subscript compares resolved tags (so `'403'` misses
    /// `403`) and resolves them lazily by writing to the node, which threads must not share.
    func value(forKey key: String) -> Node? {
        var found: Node?
        for (candidate, value) in self where candidate.string == key { found = value }
        return found
    }
}
