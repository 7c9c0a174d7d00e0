import Foundation
import Testing

/// A JSON object answer as a dictionary; empty when it is not one.
public func json(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

/// The API code of an answer's status envelope.
public func code(_ text: String) -> Int? {
    (json(text)["status"] as? [String: Any])?["code"] as? Int
}

/// The session id of a token/generate answer.
public func sessionId(in answer: String) throws -> String {
    try #require((json(answer)["user"] as? [String: Any])?["sessionId"] as? String, "no session id in \(answer)")
}

/// A wrong OTP for `otp`: each digit moved by one.
public func wrong(_ otp: String) -> String {
    String(otp.map { $0 == "9" ? "0" : Character(String($0.wholeNumberValue! + 1)) })
}
