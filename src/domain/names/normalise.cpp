#include "domain/names/normalise.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

namespace jm::domain::names {
namespace {

// ASCII folding of U+0100..U+017F; '*' = "ij", '+' = "oe".
constexpr std::string_view kLatinExtA =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "**"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnnnn"
    "oooooo"
    "++"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(kLatinExtA.size() == 128);

// ASCII folding of U+00C0..U+00FF (upper and lower halves fold alike); '#' = drop (× ÷),
// '1' = "ae", '2' = "th", '3' = "ss".
constexpr std::string_view kLatin1 =
    "aaaaaa1ceeeeiiii"   // C0..CF
    "dnooooo#ouuuuy23"   // D0..DF
    "aaaaaa1ceeeeiiii"   // E0..EF
    "dnooooo#ouuuuy2y";  // F0..FF
static_assert(kLatin1.size() == 64);

struct Decoded {
  char32_t cp;
  std::size_t len;  // 0 = malformed byte
};

Decoded decode(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (len == 0 || b0 > 0xF4 || i + len > s.size()) return {0, 0};
  char32_t cp = b0 & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, len};
}

bool is_apostrophe_like(char32_t cp) {
  // ' ` . ´ and the typographic quotes ‘ ’ ‛ ′: removed without leaving a gap.
  return cp == U'\'' || cp == U'`' || cp == U'.' || cp == 0xB4 || cp == 0x2018 || cp == 0x2019 ||
         cp == 0x201B || cp == 0x2032;
}

void append_fold(std::string& out, char32_t cp) {
  std::string_view table;
  char32_t base = 0;
  if (cp >= 0xC0 && cp <= 0xFF) {
    table = kLatin1;
    base = 0xC0;
  } else {
    table = kLatinExtA;
    base = 0x100;
  }
  switch (const char c = table[cp - base]) {
    case '#':
      return;
    case '1':
      out += "ae";
      return;
    case '2':
      out += "th";
      return;
    case '3':
      out += "ss";
      return;
    case '*':
      out += "ij";
      return;
    case '+':
      out += "oe";
      return;
    default:
      out += c;
  }
}

bool is_suffix(std::string_view t) {
  return t == "jr" || t == "sr" || t == "ii" || t == "iii" || t == "iv" || t == "v";
}

}  // namespace

std::string normalise_name(std::string_view raw) {
  std::string spaced;
  spaced.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const Decoded d = decode(raw, i);
    if (d.len == 0) {
      ++i;
      continue;
    }
    const std::string_view bytes = raw.substr(i, d.len);
    i += d.len;
    const char32_t cp = d.cp;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        spaced += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        spaced += c;
      } else if (!is_apostrophe_like(cp)) {
        spaced += ' ';
      }
    } else if (is_apostrophe_like(cp)) {
      continue;
    } else if (cp >= 0xC0 && cp <= 0x17F) {
      append_fold(spaced, cp);
    } else if (cp <= 0xBF || (cp >= 0x2000 && cp <= 0x206F)) {
      spaced += ' ';  // Latin-1 symbols, NBSP, general punctuation (dashes, bullets)
    } else {
      spaced.append(bytes);
    }
  }
  std::vector<std::string_view> toks = tokens(spaced);
  while (toks.size() > 1 && is_suffix(toks.back())) toks.pop_back();
  std::string out;
  out.reserve(spaced.size());
  for (const auto t : toks) {
    if (!out.empty()) out += ' ';
    out.append(t);
  }
  return out;
}

std::string compact(std::string_view normalised) {
  std::string out;
  out.reserve(normalised.size());
  for (const char c : normalised)
    if (c != ' ') out += c;
  return out;
}

std::string_view surname_of(std::string_view normalised) {
  const auto sp = normalised.find(' ');
  return sp == std::string_view::npos ? std::string_view{} : normalised.substr(sp + 1);
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

namespace {

// Banded Levenshtein DP of a (rows) against b (columns); only cells within max_distance of the
// diagonal can hold a value <= max_distance, so the band keeps this O(|a| * max_distance).
// With prefix = true the result is the best over all prefixes of b.
int banded(std::string_view a, std::string_view b, int max_distance, bool prefix) {
  const int big = max_distance + 1;
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (!prefix && std::abs(n - m) > max_distance) return big;
  // Names are short; a fixed buffer avoids allocating per comparison (this runs ~20k times per
  // autocomplete query).
  constexpr int kMax = 128;
  const int cols = std::min(m, n + max_distance);
  if (n >= kMax || cols + 2 >= kMax + 8) {
    // Unusually long input: fall back to the plain full DP.
    std::vector<int> prev(static_cast<std::size_t>(m) + 1), cur(prev.size());
    for (int j = 0; j <= m; ++j) prev[static_cast<std::size_t>(j)] = j;
    for (int i = 1; i <= n; ++i) {
      cur[0] = i;
      for (int j = 1; j <= m; ++j) {
        const auto ju = static_cast<std::size_t>(j);
        const int sub = prev[ju - 1] + (a[static_cast<std::size_t>(i - 1)] != b[ju - 1] ? 1 : 0);
        cur[ju] = std::min({sub, prev[ju] + 1, cur[ju - 1] + 1});
      }
      std::swap(prev, cur);
    }
    int best = prev[static_cast<std::size_t>(m)];
    if (prefix)
      for (int j = 0; j <= m; ++j) best = std::min(best, prev[static_cast<std::size_t>(j)]);
    return std::min(best, big);
  }
  // Deliberately not zero-filled (this runs per key per query); only band cells are read.
  std::array<int, kMax + 8> prev, cur;
  for (int j = 0; j <= cols; ++j) prev[static_cast<std::size_t>(j)] = std::min(j, big);
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - max_distance);
    const int hi = std::min(cols, i + max_distance);
    cur[0] = std::min(i, big);
    if (lo > 1) cur[static_cast<std::size_t>(lo - 1)] = big;
    int row_min = cur[0];
    for (int j = lo; j <= hi; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      const int sub = prev[ju - 1] + (a[static_cast<std::size_t>(i - 1)] != b[ju - 1] ? 1 : 0);
      const int up = (j <= i - 1 + max_distance) ? prev[ju] + 1 : big;
      const int v = std::min({sub, up, cur[ju - 1] + 1, big});
      cur[ju] = v;
      row_min = std::min(row_min, v);
    }
    if (hi < cols) cur[static_cast<std::size_t>(hi + 1)] = big;
    if (row_min > max_distance) return big;
    std::swap(prev, cur);
  }
  if (!prefix) return std::min(prev[static_cast<std::size_t>(m)], big);  // here m == cols
  int best = big;
  for (int j = std::max(0, n - max_distance); j <= std::min(cols, n + max_distance); ++j)
    best = std::min(best, prev[static_cast<std::size_t>(j)]);
  return best;
}

}  // namespace

int bounded_levenshtein(std::string_view a, std::string_view b, int max_distance) {
  if (max_distance < 0) return 0;
  return banded(a, b, max_distance, false);
}

int bounded_prefix_distance(std::string_view query, std::string_view text, int max_distance) {
  if (max_distance < 0) return 0;
  return banded(query, text, max_distance, true);
}

}  // namespace jm::domain::names
