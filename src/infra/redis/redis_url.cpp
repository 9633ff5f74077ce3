#include "infra/redis/redis_url.hpp"

#include <charconv>

namespace jm::infra {

namespace {

std::optional<int> to_int(std::string_view s) {
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Passwords may carry reserved characters percent-encoded.
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

RedisUrlParse fail(std::string why) {
  return {std::nullopt, "REDIS_URL: " + std::move(why)};
}

}  // namespace

std::string RedisUrl::for_logs() const {
  return "redis://" + std::string(password.empty() ? "" : ":***@") + host + ":" +
         std::to_string(port) + "/" + std::to_string(db);
}

RedisUrlParse parse_redis_url(std::string_view text) {
  constexpr std::string_view kScheme = "redis://";
  if (text.rfind("rediss://", 0) == 0) {
    return fail(
        "rediss:// (TLS) is not supported: hiredis 0.14 has no TLS; use redis:// on a "
        "private network or a TLS tunnel (stunnel, a service mesh) to Redis");
  }
  if (text.rfind(kScheme, 0) != 0) return fail("expected redis://[:password@]host:port[/db]");
  auto rest = text.substr(kScheme.size());

  RedisUrl url;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    // Redis 6 ACL users are not used here: only the password (after the colon) counts.
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos)
      return fail("the password goes after a colon: redis://:PASSWORD@host");
    if (colon != 0)
      return fail("user names (Redis ACL) are not supported; use redis://:PASSWORD@host");
    auto password = percent_decode(userinfo.substr(colon + 1));
    if (!password) return fail("bad percent-encoding in the password");
    url.password = std::move(*password);
  }

  std::string_view hostport = rest;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    hostport = rest.substr(0, slash);
    auto db_text = rest.substr(slash + 1);
    if (!db_text.empty()) {
      auto db = to_int(db_text);
      if (!db || *db < 0 || *db > 15) return fail("the database must be a number 0-15");
      url.db = *db;
    }
  }
  if (hostport.find_first_of("?#") != std::string_view::npos) {
    return fail("query parameters are not supported");
  }
  std::string_view host = hostport;
  if (!hostport.empty() && hostport.front() == '[') {
    auto close = hostport.find(']');
    if (close == std::string_view::npos) return fail("unclosed [ in an IPv6 address");
    host = hostport.substr(1, close - 1);
    auto after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("expected :port after ]");
      auto port = to_int(after.substr(1));
      if (!port || *port < 1 || *port > 65535) return fail("the port must be 1-65535");
      url.port = *port;
    }
  } else if (auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    auto port = to_int(hostport.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return fail("the port must be 1-65535");
    url.port = *port;
  }
  if (host.empty()) return fail("the host is missing");
  url.host = std::string(host);
  return {std::move(url), {}};
}

}  // namespace jm::infra
