import SQLHealJSONRPC
import Testing

@Suite("JSON parsing and serialization")
struct JSONParserTests {
    struct ValidCase: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: JSONValue
        var testDescription: String { text }
    }

    static let validCases: [ValidCase] = [
        ValidCase(text: "null", expected: .null),
        ValidCase(text: " true ", expected: true),
        ValidCase(text: "false", expected: false),
        ValidCase(text: "0", expected: 0),
        ValidCase(text: "-12", expected: -12),
        ValidCase(text: "1.5", expected: 1.5),
        ValidCase(text: "-0.25e2", expected: -25.0),
        ValidCase(text: "1E3", expected: 1000.0),
        ValidCase(text: "123456789012345678901234567890", expected: .double(123456789012345678901234567890.0)),
        ValidCase(text: #""a\"b\\c\/d\n\t\r\b\f""#, expected: "a\"b\\c/d\n\t\r\u{8}\u{c}"),
        ValidCase(text: #""\u00e9\ud83d\ude00""#, expected: "é😀"),
        ValidCase(text: #""\ud83d""#, expected: "\u{FFFD}"),
        ValidCase(text: #""\ude00x""#, expected: "\u{FFFD}x"),
        ValidCase(text: #""\ud83dx""#, expected: "\u{FFFD}x"),
        ValidCase(text: "[]", expected: []),
        ValidCase(text: "[1, [2, {}], \"x\"]", expected: [1, [2, [:]], "x"]),
        ValidCase(text: #"{"a": {"b": [null]}, "c": 1}"#, expected: ["a": ["b": [nil]], "c": 1]),
        ValidCase(text: #"{"a": 1, "a": 2}"#, expected: ["a": 2]),
    ]

    @Test(arguments: validCases)
    func parsesValidJSON(_ testCase: ValidCase) throws {
        let value = try JSONParser.parse(testCase.text)
        #expect(value == testCase.expected)
        // What we write, we read back identically.
        #expect(try JSONParser.parse(JSONSerializer.serialize(value)) == value)
    }

    static let invalidCases: [String] = [
        "", " ", "nul", "truex", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1,}", "01", "1.", ".5", "-", "1e",
        "+1", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\u{1}b\"", "[", "{", "]", "'a'", "NaN", "Infinity", "[1]]",
    ]

    @Test(arguments: invalidCases)
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let deepObjects = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deepObjects) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONParser.parse(fine)) != nil)
    }

    @Test func invalidUTF8InStringsBecomesReplacementCharacters() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0xC3, 0x22]
        #expect(try JSONParser.parse(bytes) == "a\u{FFFD}\u{FFFD}")
    }

    @Test func serializerEscapesControlCharactersAndSortsKeys() {
        let value: JSONValue = ["b": "\u{1}\"\\", "a": .double(.infinity), "c": 2.5, "d": 3.0]
        #expect(String(decoding: JSONSerializer.serialize(value), as: UTF8.self) == #"{"a":null,"b":"\u0001\"\\","c":2.5,"d":3}"#)
    }
}

@Suite("JSON-RPC envelopes")
struct JSONRPCMessageTests {
    struct EnvelopeCase: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: JSONRPCMessage?
        /// For failures: the error code, and the id to answer to (nil: drop).
        var failureCode: Int?
        var failureID: RequestID?
        var testDescription: String { text }
    }

    static let cases: [EnvelopeCase] = [
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
                     expected: .request(id: .int(1), method: "initialize", params: [:])),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":"abc","method":"shutdown"}"#,
                     expected: .request(id: .string("abc"), method: "shutdown", params: nil)),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","method":"exit"}"#, expected: .notification(method: "exit", params: nil)),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":3,"result":null}"#, expected: .response(id: .int(3), result: .success(.null))),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no"}}"#,
                     expected: .response(id: .int(3), result: .failure(ResponseError(code: .methodNotFound, message: "no")))),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":7,"method":"x""#, failureCode: -32700, failureID: .int(7)),
        EnvelopeCase(text: #"{"jsonrpc":"2.0", "id" : "r-1", "method":"x", "params": {"#, failureCode: -32700, failureID: .string("r-1")),
        EnvelopeCase(text: "{broken", failureCode: -32700, failureID: nil),
        EnvelopeCase(text: "[1,2]", failureCode: -32600, failureID: nil),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":5,"method":42}"#, failureCode: -32600, failureID: .int(5)),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":5,"method":"x","params":3}"#, failureCode: -32600, failureID: .int(5)),
        EnvelopeCase(text: #"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#, failureCode: -32600, failureID: nil),
        EnvelopeCase(text: #"{"jsonrpc":"2.0"}"#, failureCode: -32600, failureID: nil),
    ]

    @Test(arguments: cases)
    func decoding(_ testCase: EnvelopeCase) {
        switch JSONRPCMessage.decode(Array(testCase.text.utf8)) {
        case .success(let message):
            #expect(message == testCase.expected)
            #expect(testCase.failureCode == nil)
            #expect(JSONRPCMessage.decode(message.json) == .success(message))
        case .failure(let failure):
            #expect(testCase.expected == nil)
            #expect(failure.error.code.rawValue == testCase.failureCode)
            #expect(failure.id == testCase.failureID)
        }
    }

    @Test func codableBridgeDecodesAbsentParamsAsEmptyObject() throws {
        struct Empty: Codable, Equatable { var optional: Int? }
        #expect(try JSONValueCoding.decode(Empty.self, from: nil) == Empty())
        #expect(try JSONValueCoding.decode(Empty.self, from: .null) == Empty())
        #expect(try JSONValueCoding.decode(Int?.self, from: .null) == nil)
        #expect(throws: JSONValueCoding.ShapeError.self) { try JSONValueCoding.decode(Empty.self, from: ["optional": "x"]) }
    }
}

@Suite("Codable bridge")
struct JSONValueCodingTests {
    struct Sample: Codable, Equatable {
        var name: String
        var count: Int?
        var nested: [String: [Double]]
    }

    @Test func roundTripsThroughJSONValue() throws {
        let sample = Sample(name: "é😀", count: nil, nested: ["a": [1.5, 2]])
        let value = JSONValueCoding.encode(sample)
        #expect(value == ["name": "é😀", "nested": ["a": [1.5, 2]]])
        #expect(try JSONValueCoding.decode(Sample.self, from: value) == sample)
    }

    @Test func encodesNilAndTopLevelScalars() {
        #expect(JSONValueCoding.encode(Optional<[Int]>.none) == .null)
        #expect(JSONValueCoding.encode(Optional<[Int]>.some([1])) == [1])
        #expect(JSONValueCoding.encode("text") == "text")
        #expect(JSONValueCoding.encode(42) == 42)
    }

    @Test func shapeErrorsNameThePath() {
        #expect(throws: JSONValueCoding.ShapeError.self) {
            try JSONValueCoding.decode(Sample.self, from: ["name": "x", "nested": ["a": ["not a number"]]])
        }
        do {
            _ = try JSONValueCoding.decode(Sample.self, from: ["nested": [:]])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("name"))
        }
    }
}
