import Foundation
import Testing

@testable import AuthGenCore

/// Types that contain themselves are boxed exactly where a cycle closes, and nowhere else.
@Suite struct RecursionTests {
    /// `Type.member` for every member the model stores out of line.
    func boxed(_ schemas: String) throws -> [String] {
        let spec =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
            + schemas.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        let model = try ModelBuilder(spec: try loadSpec(spec)).build()
        func members(_ type: TypeDeclaration) -> [String] {
            (type.properties + type.composedValues).filter(\.isIndirect).map { "\(type.qualifiedName).\($0.swiftName)" }
                + type.cases.filter(\.isIndirect).map { "\(type.qualifiedName).\($0.name)" }
                + type.nested.flatMap(members)
        }
        return model.types.flatMap(members).sorted()
    }

    @Test func aSelfReferenceIsBoxedButNotThroughAnArrayOrDictionary() throws {
        #expect(
            try boxed(
                """
                Node:
                  type: object
                  properties:
                    parent: {$ref: '#/components/schemas/Node'}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
                    byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
                    name: {type: string}
                """) == ["Node.parent"])
    }

    @Test func aCycleThroughOtherTypesIsBoxedAtEachStepAndItsNeighboursAreLeftAlone() throws {
        #expect(
            try boxed(
                """
                A:
                  type: object
                  properties:
                    b: {$ref: '#/components/schemas/B'}
                    leaf: {$ref: '#/components/schemas/Leaf'}
                B:
                  type: object
                  required: [c]
                  properties:
                    c: {$ref: '#/components/schemas/C'}
                C:
                  type: object
                  properties:
                    a: {$ref: '#/components/schemas/A'}
                Leaf:
                  type: object
                  properties:
                    name: {type: string}
                Outside:
                  type: object
                  properties:
                    a: {$ref: '#/components/schemas/A'}
                """) == ["A.b", "B.c", "C.a"])
    }

    @Test func aOneOfCaseAnInlineTypeAndATypealiasCloseCyclesToo() throws {
        #expect(
            try boxed(
                """
                Expression:
                  oneOf:
                    - {$ref: '#/components/schemas/Number'}
                    - {$ref: '#/components/schemas/Sum'}
                Number:
                  type: object
                  properties:
                    value: {type: integer}
                Sum:
                  type: object
                  properties:
                    left: {$ref: '#/components/schemas/Expression'}
                    detail:
                      type: object
                      properties:
                        origin: {$ref: '#/components/schemas/Sum'}
                    alias: {$ref: '#/components/schemas/SumAlias'}
                SumAlias:
                  $ref: '#/components/schemas/Sum'
                """) == ["Expression.sum", "Sum.Detail.origin", "Sum.alias", "Sum.detail", "Sum.left"])
    }
}
