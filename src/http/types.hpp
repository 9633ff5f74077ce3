#pragma once
// Request and response types shared by the network layer, middleware and handlers.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jm::http {

namespace beast_http = boost::beast::http;
using Status = beast_http::status;
using Verb = beast_http::verb;
using RawRequest = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

struct Route;

// Who is calling, once the auth middleware has looked at the credentials.
struct Principal {
  enum class Kind { anonymous, user, api_key };
  Kind kind = Kind::anonymous;
  std::string id;            // user public id, or the API key's key id
  std::string role;          // player | analyst | admin ("" when anonymous)
  std::int64_t user_id = 0;  // users.id for Kind::user

  bool authenticated() const { return kind != Kind::anonymous; }
  // The audit log's actor: "<public id>", "apikey:<key id>" or "anonymous".
  std::string actor() const;
};

// Which error body a route speaks: ours, or the original API's for compatible paths.
enum class ErrorStyle { standard, legacy };

struct Request {
  RawRequest raw;
  std::string path;   // percent-decoded path without the query
  std::string query;  // raw query string (after '?'), not decoded
  std::vector<std::pair<std::string, std::string>> params;  // path parameters
  std::string request_id;
  std::string remote_ip;
  const Route* route = nullptr;
  std::optional<nlohmann::json> json;  // parsed body of a JSON request
  std::int64_t started_ns = 0;         // steady clock, for latency
  Principal principal;                 // set by the auth middleware
  // What a handler adds to its audit-log row: the subject it acted on when that is not
  // a path parameter (login: the account), the actor when the request had no
  // credential yet (login), and details.
  struct AuditNote {
    Principal actor;
    std::string resource_id;
    nlohmann::json details;
  } audit;
  // Headers a middleware decided on before the response exists (e.g. RateLimit-*); the
  // pipeline adds them to whatever response the request gets.
  std::vector<std::pair<std::string, std::string>> response_headers;

  Verb method() const { return raw.method(); }
  std::string_view header(std::string_view name) const;
  // Path parameter by name ("" when absent).
  const std::string& param(std::string_view name) const;
  // Decoded query parameter (first occurrence).
  std::optional<std::string> query_param(std::string_view name) const;
  // Value of one cookie from the Cookie header ("" when absent).
  std::string cookie(std::string_view name) const;
  ErrorStyle error_style() const;
};

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

// Percent-decodes a URL component; '+' becomes a space only when form_style is set.
// Returns nullopt for malformed escapes.
std::optional<std::string> percent_decode(std::string_view in, bool form_style);

}  // namespace jm::http
