import Mustache

// Templates read the render model through these lookups rather than reflection: computed
// values are visible and lookups stay fast on specs with thousands of types.

extension TypeDeclaration: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "qualifiedName": qualifiedName
        case "doc": doc
        case "access": access
        case "isStruct": isStruct
        case "isStringEnum": isStringEnum
        case "isIntEnum": isIntEnum
        case "isOneOf": isOneOf
        case "isTypealias": isTypealias
        case "properties": properties
        case "hasProperties": hasProperties
        case "customCoding": customCoding
        case "composedValues": composedValues
        case "hasComposedValues": hasComposedValues
        case "cases": cases
        case "discriminatorProperty": discriminatorProperty
        case "aliasTarget": aliasTarget
        case "nested": nested
        case "hasNested": hasNested
        case "schema": schema
        case "schemaName": schemaName
        case "isValidatable": isValidatable
        default: nil
        }
    }
}

extension PropertyModel: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "jsonName": jsonName
        case "swiftName": swiftName
        case "codingKey": codingKey
        case "codingKeyRaw": codingKeyRaw
        case "type": type
        case "baseType": baseType
        case "isOptional": isOptional
        case "defaultValue": defaultValue
        case "hasDefault": hasDefault
        case "doc": doc
        case "isLast": isLast
        case "initDefault": initDefault
        case "decodeExpression": decodeExpression
        case "encodeStatement": encodeStatement
        default: nil
        }
    }
}

extension EnumCase: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "rawValue": rawValue
        case "payload": payload
        case "discriminatorValues": discriminatorValues
        default: nil
        }
    }
}

extension OperationModel: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "operationId": operationId
        case "swiftName": swiftName
        case "method": method
        case "path": path
        case "summary": summary
        case "description": description
        case "tags": tags
        case "webTwin": webTwin
        case "requestURLs": requestURLs
        case "resourceRows": resourceRows
        case "parameters": parameters
        case "hasParameters": hasParameters
        case "bodyType": bodyType
        case "bodyExample": bodyExample
        case "bodyParameters": bodyParameters
        case "hasBodyParameters": hasBodyParameters
        case "hasMobileOnlyParameters": hasMobileOnlyParameters
        case "responses": responses
        case "errors": errors
        case "hasErrors": hasErrors
        default: nil
        }
    }
}

extension ResponseModel: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "status": status
        case "description": description
        case "bodyType": bodyType
        case "example": example
        case "headers": headers
        case "hasHeaders": hasHeaders
        default: nil
        }
    }
}
