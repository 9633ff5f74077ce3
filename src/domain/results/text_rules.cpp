#include "domain/results/text_rules.hpp"

#include <algorithm>
#include <cctype>

namespace jm::domain {

namespace {

// Letters of the scripts people's names are written in. Not all of Unicode — a
// table of the blocks that are (nearly) all letters keeps this small and testable.
bool is_letter(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) return true;
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  struct Range {
    char32_t lo, hi;
  };
  static constexpr Range kLetters[] = {
      {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x02AF},  // Latin-1, Extended-A/B, IPA
      {0x0370, 0x03FF}, {0x0400, 0x052F},                    // Greek, Cyrillic
      {0x0531, 0x0587}, {0x05D0, 0x05EA}, {0x0620, 0x064A},  // Armenian, Hebrew, Arabic
      {0x0900, 0x097F}, {0x0E01, 0x0E30}, {0x10A0, 0x10FF},  // Devanagari, Thai, Georgian
      {0x1E00, 0x1FFF},                                      // Latin/Greek Extended
      {0x3040, 0x30FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},  // Kana, CJK
      {0xAC00, 0xD7A3},                                      // Hangul
  };
  if (c == 0xD7 || c == 0xF7) return false;
  return std::any_of(std::begin(kLetters), std::end(kLetters),
                     [c](const Range& r) { return c >= r.lo && c <= r.hi; });
}

bool is_combining_mark(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF);
}

bool is_atom_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    auto label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace

std::optional<std::u32string> decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) {
      auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cont & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool is_valid_person_name(std::string_view trimmed) {
  auto cps = decode_utf8(trimmed);
  if (!cps || cps->empty() || cps->size() > 100) return false;
  if (trimmed.find("--") != std::string_view::npos) return false;
  bool has_letter = false;
  for (char32_t c : *cps) {
    if (is_letter(c)) {
      has_letter = true;
    } else if (!(c == U' ' || c == U'\'' || c == 0x2019 || c == U'-' || c == U'.' ||
                 is_combining_mark(c))) {
      return false;
    }
  }
  return has_letter;
}

std::optional<std::string> normalise_email(std::string_view raw) {
  std::string email = trim(raw);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (email.empty() || email.size() > 254) return std::nullopt;
  auto at = email.rfind('@');
  if (at == std::string::npos || at == 0 || at > 64) return std::nullopt;
  std::string_view local(email.data(), at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  if (!std::all_of(local.begin(), local.end(),
                   [](char c) { return c == '.' || is_atom_char(c); })) {
    return std::nullopt;
  }
  if (!valid_domain(std::string_view(email).substr(at + 1))) return std::nullopt;
  return email;
}

}  // namespace jm::domain
