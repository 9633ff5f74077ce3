#include "http/pipeline.hpp"

#include <fmt/format.h>
#include <chrono>

#include "util/log.hpp"
#include "util/random_id.hpp"
#include "util/unavailable.hpp"

namespace jm::http {

namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

bool is_sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Pipeline::Pipeline(const Router& router, std::vector<std::unique_ptr<Middleware>> chain)
    : router_(router), chain_(std::move(chain)), id_prefix_(random_hex(4)) {}

void Pipeline::prepare(Request& req) {
  req.started_ns = steady_ns();
  auto incoming = req.header("X-Request-Id");
  if (is_sane_request_id(incoming)) {
    req.request_id.assign(incoming);
  } else {
    // A random per-process prefix plus a counter: unique, cheap, and sortable per process.
    req.request_id = fmt::format("{}-{:x}", id_prefix_, next_id_.fetch_add(1) + 1);
  }
}

void Pipeline::run_after(const Request& req, Response& res, std::size_t entered) {
  for (std::size_t i = entered; i-- > 0;) chain_[i]->after(req, res);
}

Response Pipeline::reject(Request& req, const ApiError& error) {
  prepare(req);
  auto res = error_response(req, error);
  run_after(req, res, chain_.size());
  return res;
}

boost::asio::awaitable<Response> Pipeline::handle(Request& req) {
  prepare(req);
  in_flight_.fetch_add(1);
  struct InFlightGuard {
    std::atomic<std::int64_t>& n;
    ~InFlightGuard() { n.fetch_sub(1); }
  } guard{in_flight_};

  auto match = router_.match(req.method(), req.path);
  req.route = match.route;
  req.params = std::move(match.params);

  std::size_t entered = 0;
  std::optional<Response> early;
  for (; entered < chain_.size() && !early; ++entered) {
    auto& step = *chain_[entered];
    // Not `?:` around the co_await: GCC 12 destroys the temporary optional twice there.
    if (step.asynchronous()) {
      early = co_await step.before_async(req);
    } else {
      early = step.before(req);
    }
  }

  Response res;
  if (early) {
    res = std::move(*early);
  } else if (!req.route) {
    if (match.allowed.empty()) {
      res = error_response(req, Status::not_found, "not_found", "Endpoint not found");
    } else {
      res = error_response(req, Status::method_not_allowed, "method_not_allowed",
                           "Method not allowed for this path");
      res.set(beast_http::field::allow, allow_header(match.allowed));
    }
  } else {
    try {
      res = co_await req.route->handler(req);
    } catch (const DependencyUnavailable& e) {
      log::warn("dependency_unavailable",
                {{"requestId", req.request_id}, {"route", req.route->pattern}, {"what", e.what()}});
      res = error_response(req, Status::service_unavailable, "unavailable",
                           "A dependency is temporarily unavailable; retry shortly");
      res.set(beast_http::field::retry_after, "1");
    } catch (const std::exception& e) {
      log::error(
          "unhandled_error",
          {{"requestId", req.request_id}, {"route", req.route->pattern}, {"what", e.what()}});
      res = error_response(req, Status::internal_server_error, "internal_error",
                           "Internal server error");
    }
  }
  for (const auto& [name, value] : req.response_headers) res.set(name, value);
  run_after(req, res, entered);
  co_return res;
}

}  // namespace jm::http
