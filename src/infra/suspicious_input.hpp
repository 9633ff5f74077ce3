#pragma once
// Suspicious-input detection: known attack shapes (SQL injection, XSS, path traversal)
// and scanner signatures, found in text that came from a client. Hand-rolled matching,
// linear in the input: every pattern is a literal trigger plus a bounded extension, so
// attacker-chosen text cannot make the scan slow (no regex backtracking).
//
// Patterns are tight enough that real names and ordinary text never reach high or
// critical ("O'Brien", "Union Station", "drop me a line"); see the unit tests.
#include <string>
#include <string_view>
#include <vector>

namespace jm::infra {

enum class Severity { low, medium, high, critical };

struct Finding {
  std::string pattern;  // stable name, e.g. "union_select", "scanner_sqlmap"
  Severity severity;
  std::string matched;  // the text that matched, as written by the client
};

// Every pattern found in `text`, each reported once (at its first occurrence).
std::vector<Finding> scan_for_attacks(std::string_view text);

// "low" | "medium" | "high" | "critical"
std::string_view to_string(Severity severity);

// High and critical findings block the request; low and medium are logged only.
inline bool blocks(Severity severity) {
  return severity >= Severity::high;
}

}  // namespace jm::infra
