#include "http/middleware/suspicious_input.hpp"

#include <algorithm>
#include <vector>

#include "http/errors.hpp"
#include "infra/metric_hooks.hpp"
#include "util/log.hpp"

namespace jm::http {

namespace {

// Only the start of a body is scanned: enough for any payload this API accepts, and a
// bound on the work an attacker can ask for.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;
constexpr std::size_t kMaxLoggedBytes = 64;

// At most `max` bytes, not cutting a UTF-8 sequence in half.
std::string_view prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

// Collects the findings of one request: each pattern is logged once per place.
class Scan {
 public:
  void text(std::string_view where, std::string_view text) {
    for (auto& finding : infra::scan_for_attacks(text)) {
      bool seen = std::any_of(found_.begin(), found_.end(), [&](const auto& f) {
        return f.first == where && f.second.pattern == finding.pattern;
      });
      if (!seen) found_.emplace_back(where, std::move(finding));
    }
  }

  // String values and keys of a JSON body, each on its own (so two innocent fields never
  // combine into a pattern) and decoded (so "\u003cscript" hides nothing).
  void json(const nlohmann::json& body) {
    std::size_t budget = kMaxBodyBytes;
    std::vector<const nlohmann::json*> pending{&body};
    auto take = [&](const std::string& s) {
      auto part = prefix(s, budget);
      budget -= part.size();
      text("body", part);
    };
    // Depth-first in document order (children pushed in reverse), without recursion: a
    // deeply nested body must not exhaust the stack.
    while (!pending.empty() && budget > 0) {
      const auto* value = pending.back();
      pending.pop_back();
      if (value->is_string()) {
        take(value->get_ref<const std::string&>());
      } else if (value->is_object()) {
        for (auto it = value->begin(); it != value->end() && budget > 0; ++it) take(it.key());
        auto first = pending.size();
        for (const auto& item : *value) pending.push_back(&item);
        std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(first), pending.end());
      } else if (value->is_array()) {
        for (auto it = value->rbegin(); it != value->rend(); ++it) pending.push_back(&*it);
      }
    }
  }

  const std::vector<std::pair<std::string_view, infra::Finding>>& found() const { return found_; }

 private:
  std::vector<std::pair<std::string_view, infra::Finding>> found_;
};

}  // namespace

std::uint64_t SuspiciousInput::findings(infra::Severity severity) const {
  return findings_[static_cast<std::size_t>(severity)].load(std::memory_order_relaxed);
}

std::optional<Response> SuspiciousInput::before(Request& req) {
  Scan scan;
  std::string url = req.path;
  if (!req.query.empty()) {
    auto query = percent_decode(req.query, true);
    url.append("?").append(query ? *query : req.query);
  }
  scan.text("url", url);
  scan.text("user_agent", req.header("User-Agent"));
  if (req.json) {
    scan.json(*req.json);
  } else if (!req.raw.body().empty()) {
    scan.text("body", prefix(req.raw.body(), kMaxBodyBytes));
  }
  if (scan.found().empty()) return std::nullopt;

  bool block = false;
  for (const auto& [where, finding] : scan.found()) {
    findings_[static_cast<std::size_t>(finding.severity)].fetch_add(1, std::memory_order_relaxed);
    findings_metric_[static_cast<std::size_t>(finding.severity)]->inc();
    block = block || infra::blocks(finding.severity);
    log::warn("suspicious_request", {{"requestId", req.request_id},
                                     {"pattern", finding.pattern},
                                     {"severity", infra::to_string(finding.severity)},
                                     {"where", where},
                                     {"matched", prefix(finding.matched, kMaxLoggedBytes)},
                                     {"ip", req.remote_ip},
                                     {"blocked", infra::blocks(finding.severity)}});
  }
  if (!block) return std::nullopt;
  blocked_.fetch_add(1, std::memory_order_relaxed);
  // The same short answer in both error styles: the original's {error:"Request blocked"}.
  return error_response(req, Status::bad_request, "request_blocked", "Request blocked");
}

}  // namespace jm::http
