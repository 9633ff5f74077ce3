#include "net/live_endpoint.hpp"

#include <algorithm>
#include <charconv>

namespace jm::net {

bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed) {
  if (origin.empty()) return true;
  if (std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) return true;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.substr(0, scheme.size()) == scheme && !host.empty() &&
        origin.substr(scheme.size()) == host) {
      return true;
    }
  }
  return false;
}

namespace {

http::ApiError invalid(std::string field, std::string message) {
  return {http::Status::bad_request, "invalid_field", std::move(message), std::move(field)};
}

}  // namespace

UpgradeDecision decide_upgrade(const http::Request& req, const LiveEndpoint& endpoint) {
  UpgradeDecision d;
  if (!origin_allowed(req.header("Origin"), req.header("Host"), endpoint.allowed_origins)) {
    d.error = http::ApiError{http::Status::forbidden, "origin_not_allowed",
                             "This origin may not open the live feed", "Origin"};
    return d;
  }
  d.channel = req.query_param("channel").value_or("public");
  if (d.channel == "public") {
    d.feed = endpoint.public_feed;
  } else if (d.channel == "analyst") {
    d.feed = endpoint.analyst_feed;
  } else {
    d.error = invalid("channel", "channel must be public or analyst");
    return d;
  }
  if (auto since = req.query_param("since")) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(since->data(), since->data() + since->size(), value);
    if (ec != std::errc() || end != since->data() + since->size() || since->empty()) {
      d.error = invalid("since", "since must be a non-negative integer (an event's seq)");
      return d;
    }
    d.since = value;
  }
  if (!d.feed) {
    d.error = http::ApiError{http::Status::service_unavailable, "unavailable",
                             "The live feed is not running", ""};
    return d;
  }
  if (d.channel == "analyst") {
    auto token = req.query_param("token").value_or("");
    std::optional<std::string> role;
    if (!token.empty() && endpoint.check_token) role = endpoint.check_token(token);
    if (!role || (*role != "analyst" && *role != "admin")) {
      d.refusal = token.empty() ? "the analyst channel needs ?token=" : "not allowed";
    }
  }
  return d;
}

}  // namespace jm::net
