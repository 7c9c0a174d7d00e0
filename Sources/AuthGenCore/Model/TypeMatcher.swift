import OpenAPIKit

/// The one place a scalar schema's Swift type is decided, for properties, items, parameters and
/// headers alike: `boolean` is `Bool`; `integer` is `Int`, or `Int32`/`Int64` by its format;
/// `number` is `Double`, or `Float` for `format: float`; `string` is `String` whatever its format
/// (the validator checks `email`, `uuid`, `date` and `date-time`). Anything else is not a scalar:
/// declarations, collections and `JSONValue` are `SchemaTranslator`'s to decide.
enum TypeMatcher {
    /// The builtin `schema` maps to, or nil when it is not a scalar (references included).
    static func scalar(_ schema: JSONSchema) -> SwiftType.Builtin? {
        switch schema.value {
        case .boolean: .bool
        case .integer(let core, _):
            switch core.format {
            case .int32: .int32
            case .int64: .int64
            default: .int
            }
        case .number(let core, _): core.format == .float ? .float : .double
        case .string: .string
        default: nil
        }
    }
}
