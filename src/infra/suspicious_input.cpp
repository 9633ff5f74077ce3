#include "infra/suspicious_input.hpp"

#include <algorithm>
#include <array>

namespace jm::infra {

namespace {

constexpr std::size_t kNoMatch = std::string_view::npos;
// How far an extension may look past its trigger: keeps the scan linear even for
// inputs built of thousands of triggers ("union/*union/*...").
constexpr std::size_t kMaxGap = 64;
constexpr std::size_t kMaxOperand = 16;

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alnum(char c) {
  c = lower(c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool is_quote(char c) {
  return c == '\'' || c == '"' || c == '`';
}

// Case-insensitive: does `text` hold the lowercase literal `lit` at `i`?
bool at(std::string_view text, std::size_t i, std::string_view lit) {
  if (i > text.size() || text.size() - i < lit.size()) return false;
  for (std::size_t k = 0; k < lit.size(); ++k) {
    if (lower(text[i + k]) != lit[k]) return false;
  }
  return true;
}

bool word_ends(std::string_view text, std::size_t j) {
  return j >= text.size() || !is_alnum(text[j]);
}

std::size_t skip_spaces(std::string_view text, std::size_t j, std::size_t max = 8) {
  std::size_t limit = std::min(text.size(), j + max);
  while (j < limit && is_space(text[j])) ++j;
  return j;
}

// SQL token separators: whitespace, '+' (URL-encoded space), '(' and /* comments */.
std::size_t skip_sql_separators(std::string_view text, std::size_t j) {
  std::size_t limit = std::min(text.size(), j + kMaxGap);
  while (j < limit) {
    char c = text[j];
    if (is_space(c) || c == '+' || c == '(') {
      ++j;
    } else if (at(text, j, "/*")) {
      auto close = text.substr(0, limit).find("*/", j + 2);
      if (close == std::string_view::npos) return j;
      j = close + 2;
    } else {
      break;
    }
  }
  return j;
}

// Matches `word` (lowercase) after at least one SQL separator; returns its end.
std::size_t sql_word_after(std::string_view text, std::size_t j, std::string_view word) {
  auto k = skip_sql_separators(text, j);
  if (k == j || !at(text, k, word) || !word_ends(text, k + word.size())) return kNoMatch;
  return k + word.size();
}

std::size_t union_select(std::string_view text, std::size_t j) {
  if (auto end = sql_word_after(text, j, "select"); end != kNoMatch) return end;
  for (std::string_view modifier : {"all", "distinct"}) {
    auto k = sql_word_after(text, j, modifier);
    if (k != kNoMatch) return sql_word_after(text, k, "select");
  }
  return kNoMatch;
}

std::size_t drop_table(std::string_view text, std::size_t j) {
  if (auto end = sql_word_after(text, j, "table"); end != kNoMatch) return end;
  return sql_word_after(text, j, "database");
}

std::size_t waitfor_delay(std::string_view text, std::size_t j) {
  return sql_word_after(text, j, "delay");
}

// "onload =" / "onerror=": an inline event handler assignment.
std::size_t assignment(std::string_view text, std::size_t j) {
  j = skip_spaces(text, j);
  return j < text.size() && text[j] == '=' ? j + 1 : kNoMatch;
}

// "sleep(5)" / "benchmark(1000000, ...)": a timing call with a numeric argument.
std::size_t timing_call(std::string_view text, std::size_t j) {
  j = skip_spaces(text, j);
  if (j >= text.size() || text[j] != '(') return kNoMatch;
  j = skip_spaces(text, j + 1);
  return j < text.size() && text[j] >= '0' && text[j] <= '9' ? j + 1 : kNoMatch;
}

// ";--": a statement terminated and the rest of the query commented out.
std::size_t comment_after_semicolon(std::string_view text, std::size_t j) {
  j = skip_spaces(text, j);
  return at(text, j, "--") ? j + 2 : kNoMatch;
}

// One side of a comparison: an optionally quoted short word or number.
struct Operand {
  std::string_view core;
  bool quoted = false;
  std::size_t end = kNoMatch;
};

Operand read_operand(std::string_view text, std::size_t j) {
  Operand op;
  if (j < text.size() && is_quote(text[j])) {
    op.quoted = true;
    ++j;
  }
  std::size_t start = j;
  while (j < text.size() && (is_alnum(text[j]) || text[j] == '_') && j - start <= kMaxOperand) ++j;
  if (j - start > kMaxOperand) return op;
  op.core = text.substr(start, j - start);
  if (j < text.size() && is_quote(text[j])) {
    op.quoted = true;
    ++j;
  }
  if (op.core.empty() && !op.quoted) return op;
  op.end = j;
  return op;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// "or '1'='1", "OR 1=1--", "and 'a'='a": a comparison that is always true, after
// OR/AND. Requiring both sides to be equal keeps prose ("or else = bad") out.
std::size_t tautology(std::string_view text, std::size_t j) {
  if (j >= text.size() || !(is_space(text[j]) || is_quote(text[j]) || text[j] == '(')) {
    return kNoMatch;
  }
  std::size_t limit = std::min(text.size(), j + 8);
  while (j < limit && (is_space(text[j]) || text[j] == '(')) ++j;
  auto left = read_operand(text, j);
  if (left.end == kNoMatch) return kNoMatch;
  j = skip_spaces(text, left.end);
  if (j >= text.size() || text[j] != '=') return kNoMatch;
  auto right = read_operand(text, skip_spaces(text, j + 1));
  if (right.end == kNoMatch || !word_ends(text, right.end)) return kNoMatch;
  return same_ignoring_case(left.core, right.core) ? right.end : kNoMatch;
}

using Extend = std::size_t (*)(std::string_view, std::size_t);

struct Rule {
  std::string_view pattern;
  Severity severity;
  std::string_view trigger;  // lowercase literal
  bool word_start;           // the trigger may not continue a word ("unmapped" is not nmap)
  Extend extend;             // nullptr: the trigger alone is the match
};

using S = Severity;
constexpr std::array kRules = {
    // Scanner and attack-tool signatures (usually in the User-Agent).
    Rule{"scanner_sqlmap", S::high, "sqlmap", true, nullptr},
    Rule{"scanner_nikto", S::high, "nikto", true, nullptr},
    Rule{"scanner_acunetix", S::high, "acunetix", true, nullptr},
    Rule{"scanner_wpscan", S::high, "wpscan", true, nullptr},
    Rule{"scanner_nmap", S::medium, "nmap", true, nullptr},
    Rule{"scanner_masscan", S::medium, "masscan", true, nullptr},
    Rule{"scanner_zgrab", S::medium, "zgrab", true, nullptr},
    Rule{"scanner_gobuster", S::medium, "gobuster", true, nullptr},
    Rule{"scanner_dirbuster", S::medium, "dirbuster", true, nullptr},
    // "nuclei" is also an English word: logged, not blocked.
    Rule{"scanner_nuclei", S::medium, "nuclei", true, nullptr},
    Rule{"scanner_burp", S::low, "burp", true, nullptr},
    // SQL injection.
    Rule{"sqlinjection", S::high, "sqlinjection", false, nullptr},
    Rule{"union_select", S::critical, "union", true, union_select},
    Rule{"drop_table", S::critical, "drop", true, drop_table},
    Rule{"sql_tautology", S::high, "or", true, tautology},
    Rule{"sql_tautology", S::high, "and", true, tautology},
    Rule{"sql_comment_after_semicolon", S::high, ";", false, comment_after_semicolon},
    Rule{"sql_sleep", S::high, "sleep", true, timing_call},
    Rule{"sql_benchmark", S::high, "benchmark", true, timing_call},
    Rule{"sql_waitfor_delay", S::high, "waitfor", true, waitfor_delay},
    Rule{"sql_xp_cmdshell", S::high, "xp_cmdshell", false, nullptr},
    Rule{"sql_information_schema", S::high, "information_schema", false, nullptr},
    // Cross-site scripting.
    Rule{"script_tag", S::high, "<script", false, nullptr},
    Rule{"iframe_tag", S::high, "<iframe", false, nullptr},
    Rule{"javascript_url", S::high, "javascript:", false, nullptr},
    Rule{"vbscript_url", S::high, "vbscript:", false, nullptr},
    Rule{"onload_handler", S::high, "onload", true, assignment},
    Rule{"onerror_handler", S::high, "onerror", true, assignment},
    Rule{"document_cookie", S::high, "document.cookie", false, nullptr},
    // Path traversal (the URL is scanned decoded, so "%2e%2e" means double encoding).
    Rule{"path_traversal", S::high, "../", false, nullptr},
    Rule{"path_traversal", S::high, "..\\", false, nullptr},
    Rule{"path_traversal", S::high, "%2e%2e", false, nullptr},
    Rule{"path_traversal", S::high, "..%2f", false, nullptr},
    Rule{"path_traversal", S::high, "..%5c", false, nullptr},
    Rule{"etc_passwd", S::high, "/etc/passwd", false, nullptr},
};

// Rules by the first character of their trigger, so each input byte costs one lookup.
struct RuleIndex {
  std::array<std::vector<std::uint8_t>, 256> by_first;
  RuleIndex() {
    for (std::size_t r = 0; r < kRules.size(); ++r) {
      by_first[static_cast<unsigned char>(kRules[r].trigger[0])].push_back(
          static_cast<std::uint8_t>(r));
    }
  }
};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
  }
  return "unknown";
}

std::vector<Finding> scan_for_attacks(std::string_view text) {
  static const RuleIndex index;
  std::vector<Finding> findings;
  auto already_found = [&findings](std::string_view pattern) {
    return std::any_of(findings.begin(), findings.end(),
                       [pattern](const Finding& f) { return f.pattern == pattern; });
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto& candidates = index.by_first[static_cast<unsigned char>(lower(text[i]))];
    for (auto r : candidates) {
      const Rule& rule = kRules[r];
      if (!at(text, i, rule.trigger)) continue;
      if (rule.word_start && i > 0 && is_alnum(text[i - 1])) continue;
      std::size_t end = i + rule.trigger.size();
      if (rule.extend) end = rule.extend(text, end);
      if (end == kNoMatch || already_found(rule.pattern)) continue;
      findings.push_back(
          Finding{std::string(rule.pattern), rule.severity, std::string(text.substr(i, end - i))});
    }
  }
  return findings;
}

}  // namespace jm::infra
