#pragma once
// A strict reader of the Prometheus text exposition format 0.0.4, written for the tests
// (independent of the renderer it checks). It validates every line and reports each
// problem with its line number:
//   - metric and label names follow the grammar; label values use only \\, \" and \n escapes
//   - values parse as floats (incl. +Inf, -Inf, NaN); an optional integer timestamp
//   - per family: at most one HELP and one TYPE, HELP before TYPE, both before its samples,
//     and its samples contiguous (a family never reappears later)
//   - sample names fit the type (histogram: _bucket with le, _sum, _count)
//   - counters are never negative or NaN
//   - histograms: per label set, le strictly increasing, counts non-decreasing, a
//     le="+Inf" bucket equal to _count, and a _sum
// tests/api/prometheus_parser.mjs is the same checker in JavaScript.
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace jm::test {

struct PromSample {
  std::string name;  // full sample name (e.g. x_bucket)
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromFamily {
  std::string name, help, type;
  bool has_help = false;
  std::vector<PromSample> samples;
};

struct PromParse {
  std::vector<PromFamily> families;
  std::vector<std::string> errors;

  const PromFamily* family(std::string_view name) const {
    for (const auto& f : families) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  // The value of the sample with exactly these labels, if present.
  std::optional<double> value(std::string_view sample_name,
                              const std::map<std::string, std::string>& labels = {}) const {
    for (const auto& f : families) {
      for (const auto& s : f.samples) {
        if (s.name == sample_name && s.labels == labels) return s.value;
      }
    }
    return std::nullopt;
  }
};

namespace prom_detail {

inline bool name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool digit(char c) {
  return c >= '0' && c <= '9';
}

inline bool metric_name(std::string_view s) {
  if (s.empty() || !(name_start(s[0]) || s[0] == ':')) return false;
  for (char c : s) {
    if (!(name_start(c) || digit(c) || c == ':')) return false;
  }
  return true;
}

inline bool label_name(std::string_view s) {
  if (s.empty() || !name_start(s[0])) return false;
  for (char c : s) {
    if (!(name_start(c) || digit(c))) return false;
  }
  return true;
}

// Go's strconv.ParseFloat is what Prometheus uses; accept its spellings of the specials
// and plain decimal / exponent notation otherwise.
inline std::optional<double> parse_float(std::string_view s) {
  if (s == "+Inf" || s == "Inf" || s == "+inf" || s == "inf") return INFINITY;
  if (s == "-Inf" || s == "-inf") return -INFINITY;
  if (s == "NaN" || s == "nan") return NAN;
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (!(digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      return std::nullopt;
    }
  }
  std::string copy(s);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

inline std::string base_name(const std::string& sample, const std::string& type) {
  if (type == "histogram") {
    for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      if (sample.size() > suffix.size() &&
          sample.compare(sample.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return sample.substr(0, sample.size() - suffix.size());
      }
    }
  }
  return sample;
}

// Parses `{a="x",b="y"}` starting at s[i] == '{'; advances i past '}'.
inline bool parse_labels(std::string_view s, std::size_t& i,
                         std::map<std::string, std::string>& out, std::string& error) {
  ++i;  // '{'
  while (i < s.size() && s[i] != '}') {
    std::size_t start = i;
    while (i < s.size() && s[i] != '=') ++i;
    std::string name(s.substr(start, i - start));
    if (!label_name(name)) return error = "bad label name '" + name + "'", false;
    if (i + 1 >= s.size() || s[i + 1] != '"') return error = "label value not quoted", false;
    i += 2;
    std::string value;
    bool closed = false;
    while (i < s.size()) {
      char c = s[i++];
      if (c == '"') {
        closed = true;
        break;
      }
      if (c == '\n') return error = "raw newline in label value", false;
      if (c == '\\') {
        if (i >= s.size()) return error = "dangling backslash", false;
        char e = s[i++];
        if (e == '\\') {
          value += '\\';
        } else if (e == '"') {
          value += '"';
        } else if (e == 'n') {
          value += '\n';
        } else {
          return error = std::string("bad escape \\") + e + " in label value", false;
        }
      } else {
        value += c;
      }
    }
    if (!closed) return error = "unterminated label value", false;
    if (!out.emplace(name, value).second) return error = "duplicate label " + name, false;
    if (i < s.size() && s[i] == ',') {
      ++i;
    } else if (i >= s.size() || s[i] != '}') {
      return error = "expected ',' or '}' after label", false;
    }
  }
  if (i >= s.size()) return error = "unterminated label set", false;
  ++i;  // '}'
  return true;
}

inline void check_histogram(const PromFamily& f, std::vector<std::string>& errors) {
  struct Series {
    std::vector<std::pair<double, double>> buckets;  // (le, count) in order of appearance
    std::optional<double> sum, count;
  };
  std::map<std::map<std::string, std::string>, Series> series;
  for (const auto& s : f.samples) {
    auto labels = s.labels;
    if (s.name == f.name + "_bucket") {
      auto le = labels.find("le");
      if (le == labels.end()) {
        errors.push_back(f.name + ": bucket without le");
        continue;
      }
      auto bound = parse_float(le->second);
      if (!bound || std::isnan(*bound)) {
        errors.push_back(f.name + ": bad le '" + le->second + "'");
        continue;
      }
      labels.erase(le);
      series[labels].buckets.emplace_back(*bound, s.value);
    } else if (s.name == f.name + "_sum") {
      series[labels].sum = s.value;
    } else if (s.name == f.name + "_count") {
      series[labels].count = s.value;
    }
  }
  for (const auto& [labels, h] : series) {
    std::string where = f.name + " (" + std::to_string(labels.size()) + " labels)";
    if (h.buckets.empty() || !std::isinf(h.buckets.back().first)) {
      errors.push_back(where + ": last bucket is not le=\"+Inf\"");
    }
    for (std::size_t i = 1; i < h.buckets.size(); ++i) {
      if (!(h.buckets[i].first > h.buckets[i - 1].first)) {
        errors.push_back(where + ": le not strictly increasing");
      }
      if (h.buckets[i].second < h.buckets[i - 1].second) {
        errors.push_back(where + ": bucket counts decrease");
      }
    }
    if (!h.count) errors.push_back(where + ": no _count");
    if (!h.sum) errors.push_back(where + ": no _sum");
    if (h.count && !h.buckets.empty() && h.buckets.back().second != *h.count) {
      errors.push_back(where + ": le=\"+Inf\" bucket differs from _count");
    }
  }
}

}  // namespace prom_detail

inline PromParse parse_prometheus_text(std::string_view text) {
  using namespace prom_detail;
  PromParse out;
  std::map<std::string, std::size_t> index;  // family name → position in out.families
  std::set<std::string> closed;              // families whose block has ended
  std::string current;                       // family of the block being read
  auto fail = [&](std::size_t line, const std::string& what) {
    out.errors.push_back("line " + std::to_string(line) + ": " + what);
  };
  // Switches the current block to `name`, creating the family when new.
  auto enter = [&](const std::string& name, std::size_t line) -> PromFamily& {
    if (name != current) {
      if (!current.empty()) closed.insert(current);
      if (closed.count(name)) fail(line, "family " + name + " appears in two places");
      current = name;
    }
    auto it = index.find(name);
    if (it == index.end()) {
      it = index.emplace(name, out.families.size()).first;
      out.families.push_back(PromFamily{name, "", "", false, {}});
    }
    return out.families[it->second];
  };

  if (!text.empty() && text.back() != '\n') out.errors.push_back("text does not end with \\n");
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;

    if (line[0] == '#') {
      bool help = line.rfind("# HELP ", 0) == 0;
      bool type = line.rfind("# TYPE ", 0) == 0;
      if (!help && !type) continue;  // a plain comment
      auto rest = line.substr(7);
      auto space = rest.find(' ');
      std::string name(rest.substr(0, space));
      if (!metric_name(name)) {
        fail(line_no, "bad metric name in HELP/TYPE: '" + name + "'");
        continue;
      }
      std::string arg = space == std::string_view::npos ? "" : std::string(rest.substr(space + 1));
      auto& f = enter(name, line_no);
      if (help) {
        if (f.has_help) fail(line_no, "second HELP for " + name);
        if (!f.type.empty()) fail(line_no, "HELP after TYPE for " + name);
        if (!f.samples.empty()) fail(line_no, "HELP after samples for " + name);
        for (std::size_t i = 0; i < arg.size(); ++i) {
          if (arg[i] == '\\' &&
              (i + 1 >= arg.size() || (arg[i + 1] != '\\' && arg[i + 1] != 'n'))) {
            fail(line_no, "bad escape in HELP for " + name);
          }
          if (arg[i] == '\\') ++i;
        }
        f.help = arg;
        f.has_help = true;
      } else {
        static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                     "untyped"};
        if (!kTypes.count(arg)) fail(line_no, "unknown type '" + arg + "' for " + name);
        if (!f.type.empty()) fail(line_no, "second TYPE for " + name);
        if (!f.samples.empty()) fail(line_no, "TYPE after samples for " + name);
        f.type = arg;
      }
      continue;
    }

    // A sample: name[{labels}] value [timestamp]
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    std::string sample_name(line.substr(0, i));
    if (!metric_name(sample_name)) {
      fail(line_no, "bad metric name '" + sample_name + "'");
      continue;
    }
    PromSample sample;
    sample.name = sample_name;
    if (i < line.size() && line[i] == '{') {
      std::string error;
      if (!parse_labels(line, i, sample.labels, error)) {
        fail(line_no, error);
        continue;
      }
    }
    if (i >= line.size() || line[i] != ' ') {
      fail(line_no, "expected a space before the value");
      continue;
    }
    auto fields = line.substr(i + 1);
    auto space = fields.find(' ');
    auto value = parse_float(fields.substr(0, space));
    if (!value) {
      fail(line_no, "bad value '" + std::string(fields.substr(0, space)) + "'");
      continue;
    }
    if (space != std::string_view::npos) {
      auto ts = fields.substr(space + 1);
      bool ok = !ts.empty();
      for (std::size_t k = 0; k < ts.size(); ++k) {
        if (!(digit(ts[k]) || (k == 0 && ts[k] == '-'))) ok = false;
      }
      if (!ok) fail(line_no, "bad timestamp '" + std::string(ts) + "'");
    }
    sample.value = *value;

    // Which family: the current block's, if the name fits its type; else an untyped one.
    std::string family_name = sample_name;
    if (!current.empty()) {
      const auto& cur = out.families[index[current]];
      if (base_name(sample_name, cur.type) == current) family_name = current;
    }
    auto& f = enter(family_name, line_no);
    if (f.type == "histogram") {
      if (sample_name == f.name) fail(line_no, "histogram sample without suffix");
      if (sample_name == f.name + "_bucket" && !sample.labels.count("le")) {
        fail(line_no, "bucket without le");
      }
    } else if (sample.labels.count("le") && f.type != "untyped" && !f.type.empty()) {
      fail(line_no, "le label outside a histogram");
    }
    if (f.type == "counter" && (std::isnan(*value) || *value < 0)) {
      fail(line_no, "counter " + sample_name + " is negative or NaN");
    }
    f.samples.push_back(std::move(sample));
  }
  for (const auto& f : out.families) {
    if (f.type == "histogram") check_histogram(f, out.errors);
  }
  return out;
}

}  // namespace jm::test
