// Response headers every answer carries: request id and the security set.
#include "http/middleware/standard.hpp"

namespace jm::http {

namespace {

class RequestIdHeader final : public Middleware {
 public:
  void after(const Request& req, Response& res) override {
    res.insert("X-Request-Id", req.request_id);
  }
};

// insert, not set: no handler sets these, and set() would search the fields first.
class SecurityHeaders final : public Middleware {
 public:
  void after(const Request&, Response& res) override {
    // The web app is served by us and loads nothing from other origins.
    res.insert("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
               "frame-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'");
    res.insert("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload");
    res.insert("X-Frame-Options", "SAMEORIGIN");
    res.insert("X-Content-Type-Options", "nosniff");
    res.insert("Referrer-Policy", "strict-origin-when-cross-origin");
    res.insert("Permissions-Policy", "geolocation=(), microphone=(), camera=(), payment=()");
    res.insert("X-XSS-Protection", "0");  // modern advice: disable the legacy auditor
    res.insert("Cross-Origin-Opener-Policy", "same-origin");
    if (res.find(beast_http::field::cache_control) == res.end()) {
      res.set(beast_http::field::cache_control, "no-store");
    }
  }
};

}  // namespace

std::unique_ptr<Middleware> make_request_id_header() {
  return std::make_unique<RequestIdHeader>();
}
std::unique_ptr<Middleware> make_security_headers() {
  return std::make_unique<SecurityHeaders>();
}

}  // namespace jm::http
