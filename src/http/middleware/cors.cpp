#include <algorithm>

#include "http/middleware/standard.hpp"

namespace jm::http {

namespace {

class Cors final : public Middleware {
 public:
  explicit Cors(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  std::optional<Response> before(Request& req) override {
    if (req.method() != Verb::options) return std::nullopt;
    // A preflight from anywhere gets 204; only allowed origins get the CORS headers
    // (added in `after`), so the browser blocks the rest without a server error.
    Response res{Status::no_content, req.raw.version()};
    if (allowed(req.header("Origin"))) {
      res.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
      res.set("Access-Control-Allow-Headers",
              "Content-Type, Authorization, X-API-Key, X-Request-Id, X-CSRF-Token");
      res.set("Access-Control-Max-Age", "600");
    }
    return res;
  }

  void after(const Request& req, Response& res) override {
    auto origin = req.header("Origin");
    if (origin.empty()) return;
    // Appended, not set: a gzip variant (gzip middleware, cached answers, static files)
    // already says "Vary: Accept-Encoding", and a shared cache must keep both apart.
    auto vary = res[beast_http::field::vary];
    if (vary.empty()) {
      res.set(beast_http::field::vary, "Origin");
    } else if (vary.find("Origin") == boost::beast::string_view::npos) {
      res.set(beast_http::field::vary, std::string(vary) + ", Origin");
    }
    if (!allowed(origin)) return;
    res.set("Access-Control-Allow-Origin", std::string(origin));
    res.set("Access-Control-Allow-Credentials", "true");
    res.set("Access-Control-Expose-Headers",
            "X-Request-Id, Retry-After, RateLimit-Limit, "
            "RateLimit-Remaining, RateLimit-Reset");
  }

 private:
  bool allowed(std::string_view origin) const {
    return !origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
  }
  std::vector<std::string> origins_;
};

}  // namespace

std::unique_ptr<Middleware> make_cors(std::vector<std::string> origins) {
  return std::make_unique<Cors>(std::move(origins));
}

}  // namespace jm::http
