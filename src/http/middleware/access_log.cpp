#include <chrono>

#include "http/middleware/standard.hpp"
#include "http/router.hpp"
#include "util/log.hpp"

namespace jm::http {

namespace {

// A path that carries an e-mail (/player-progression/:email) is logged as its route
// pattern: addresses stay out of the logs.
std::string logged_path(const Request& req) {
  if (req.route && req.route->pattern.find(":email") != std::string::npos) {
    return req.route->pattern;
  }
  return req.path;
}

class AccessLog final : public Middleware {
 public:
  void after(const Request& req, Response& res) override {
    auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
    double ms = static_cast<double>(now - req.started_ns) / 1e6;
    auto method = beast_http::to_string(req.method());
    log::info("request", {{"requestId", req.request_id},
                          {"method", std::string(method.data(), method.size())},
                          {"path", logged_path(req)},
                          {"route", req.route ? req.route->pattern : ""},
                          {"status", res.result_int()},
                          {"durationMs", static_cast<double>(static_cast<int>(ms * 1000)) / 1000},
                          {"ip", req.remote_ip},
                          {"userAgent", std::string(req.header("User-Agent").substr(0, 256))},
                          {"bytes", res.body().size()}});
  }
};

class NoAccessLog final : public Middleware {};

}  // namespace

std::unique_ptr<Middleware> make_access_log(bool enabled) {
  if (!enabled) return std::make_unique<NoAccessLog>();
  return std::make_unique<AccessLog>();
}

}  // namespace jm::http
