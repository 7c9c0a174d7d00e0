import Mustache

// Templates read the render model through these lookups rather than reflection: computed
// values are visible and lookups stay fast on specs with thousands of types.

extension TypeDeclaration: MustacheParent {
    package func child(named name: String) -> Any? {
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
        case "nestedSource": nestedSource
        case "schema": schema
        case "schemaName": schemaName
        case "isValidatable": isValidatable
        default: nil
        }
    }
}

extension PropertyModel: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "jsonName": jsonName
        case "swiftName": swiftName
        case "codingKey": codingKey
        case "codingKeyRaw": codingKeyRaw
        case "type": type
        case "baseType": baseType
        case "isOptional": isOptional
        case "isIndirect": isIndirect
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
    package func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "rawValue": rawValue
        case "payload": payload
        case "discriminatorValues": discriminatorValues
        case "isIndirect": isIndirect
        default: nil
        }
    }
}

extension OperationModel: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "operationId": operationId
        case "swiftName": swiftName
        case "method": method
        case "path": path
        case "summary": summary
        case "description": description
        case "hasDescription": hasDescription
        case "tags": tags
        case "webTwin": webTwin
        case "requestURLs": requestURLs
        case "resourceRows": resourceRows
        case "parameters": parameters
        case "hasParameters": hasParameters
        case "parameterGroups": parameterGroups
        case "bodyType": bodyType
        case "bodyExample": bodyExample
        case "bodyParameters": bodyParameters
        case "hasBodyParameters": hasBodyParameters
        case "hasMobileOnlyParameters": hasMobileOnlyParameters
        case "responses": responses
        case "errors": errors
        case "hasErrors": hasErrors
        case "deprecated": deprecated
        case "swift": swift
        default: nil
        }
    }
}

extension ResponseModel: MustacheParent {
    package func child(named name: String) -> Any? {
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

extension SwiftOperation: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "access": access
        case "memberName": memberName
        case "namespace": namespace
        case "inputDeclaration": inputDeclaration
        case "batchDeclaration": batchDeclaration
        case "inputCall": inputCall
        case "idLiteral": idLiteral
        case "pathLiteral": pathLiteral
        case "methodLiteral": methodLiteral
        case "pathParameters": pathParameters
        case "queryParameters": queryParameters
        case "headerParameters": headerParameters
        case "hasPathParameters": hasPathParameters
        case "hasQueryParameters": hasQueryParameters
        case "hasHeaderParameters": hasHeaderParameters
        case "parameters": parameters
        case "hasParameters": hasParameters
        case "queryDefaultable": queryDefaultable
        case "headersDefaultable": headersDefaultable
        case "body": body
        case "routeBody": routeBody
        case "outputs": outputs
        case "hasDefaultOutput": hasDefaultOutput
        case "batchResultType": batchResultType
        case "isBatch": isBatch
        case "responseInitializers": responseInitializers
        default: nil
        }
    }
}

extension SwiftParameter: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "nameLiteral": nameLiteral
        case "swiftName": swiftName
        case "argumentLabel": argumentLabel
        case "type": type
        case "baseType": baseType
        case "required": required
        case "doc": doc
        case "initDefault": initDefault
        case "serverRead": serverRead
        case "location": location
        case "schema": schema
        case "isLast": isLast
        default: nil
        }
    }
}

extension SwiftBody: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "type": type
        case "isJSON": isJSON
        case "contentTypeLiteral": contentTypeLiteral
        case "required": required
        case "schema": schema
        case "batchMaxItems": batchMaxItems
        default: nil
        }
    }
}

extension SwiftResponseInitializer: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "bodyType": bodyType
        case "headerArguments": headerArguments
        case "cases": cases
        default: nil
        }
    }
}

extension SwiftResponseInitializer.Case: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "statusCode": statusCode
        case "caseName": caseName
        case "requiredHeaders": requiredHeaders
        case "payload": payload
        default: nil
        }
    }
}

extension SwiftOutput: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "caseName": caseName
        case "statusCode": statusCode
        case "statusRange": statusRange
        case "isDefault": isDefault
        case "carriesStatus": carriesStatus
        case "statusExpression": statusExpression
        case "description": description
        case "bodyType": bodyType
        case "hasBody": hasBody
        case "bodyIsJSON": bodyIsJSON
        case "contentTypeLiteral": contentTypeLiteral
        case "headers": headers
        case "hasHeaders": hasHeaders
        case "payloadDeclaration": payloadDeclaration
        case "payloadPattern": payloadPattern
        case "payloadExpression": payloadExpression
        default: nil
        }
    }
}
