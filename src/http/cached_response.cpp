#include "http/cached_response.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "http/compression.hpp"
#include "security/hmac.hpp"

namespace jm::http {

namespace {

constexpr std::size_t kMinGzipBytes = 1024;  // the gzip middleware's threshold

// "\"abc\"" → "\"abc-gz\"".
std::string gzip_etag(std::string_view etag) {
  std::string out(etag.substr(0, etag.size() - 1));
  out += "-gz\"";
  return out;
}

// The opaque-tag of one entity-tag with any W/ prefix removed; empty when malformed.
std::string_view opaque(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return {};
  return tag;
}

std::string encode_component(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

infra::CachedResponsePtr make_cached_response(std::string body, std::string content_type) {
  auto r = std::make_shared<infra::CachedResponse>();
  r->etag = "\"" + security::sha256_hex(body).substr(0, 32) + "\"";
  if (body.size() >= kMinGzipBytes) {
    std::string gz;
    if (gzip_compress(body, gz) && gz.size() < body.size()) r->gzip_body = std::move(gz);
  }
  r->body = std::move(body);
  r->content_type = std::move(content_type);
  return r;
}

std::string cache_key(std::string_view route, std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!raw_query.empty()) {
    auto amp = raw_query.find('&');
    auto pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view{} : raw_query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    // A malformed escape stays as written: it still names one distinct query.
    auto key = pair.substr(0, eq);
    auto value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    params.emplace_back(percent_decode(key, true).value_or(std::string(key)),
                        percent_decode(value, true).value_or(std::string(value)));
  }
  std::stable_sort(params.begin(), params.end());
  std::string out(route);
  char sep = '?';
  for (const auto& [key, value] : params) {
    out += sep;
    out += encode_component(key);
    out += '=';
    out += encode_component(value);
    sep = '&';
  }
  return out;
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  auto mine = opaque(etag);
  if (mine.empty()) return false;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "*") return true;
    if (opaque(item) == mine) return true;
  }
  return false;
}

Response cached_answer(const Request& req, const infra::CachedResponse& cached,
                       std::string_view cache_control) {
  bool gzip = !cached.gzip_body.empty() && accepts_gzip(req.header("Accept-Encoding"));
  std::string etag = gzip ? gzip_etag(cached.etag) : cached.etag;
  Response res;
  res.version(req.raw.version());
  auto inm = req.header("If-None-Match");
  bool not_modified =
      !inm.empty() &&
      (if_none_match_matches(inm, cached.etag) ||
       (!cached.gzip_body.empty() && if_none_match_matches(inm, gzip_etag(cached.etag))));
  if (not_modified) {
    res.result(Status::not_modified);
  } else {
    res.result(Status::ok);
    res.insert(beast_http::field::content_type, cached.content_type);
    res.body() = gzip ? cached.gzip_body : cached.body;
    if (gzip) res.insert(beast_http::field::content_encoding, "gzip");
  }
  res.insert(beast_http::field::etag, etag);
  res.insert(beast_http::field::cache_control, cache_control);
  if (!cached.gzip_body.empty()) res.insert(beast_http::field::vary, "Accept-Encoding");
  return res;
}

}  // namespace jm::http
