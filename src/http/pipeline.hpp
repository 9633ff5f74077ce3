#pragma once
// socket → Pipeline → middleware chain → router → handler. The pipeline owns the
// order: request id and route first (so every error knows its id and style), then
// the middleware chain, then the handler; `after` steps run on every response.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "http/errors.hpp"
#include "http/middleware.hpp"
#include "http/router.hpp"

namespace jm::http {

class Pipeline {
 public:
  Pipeline(const Router& router, std::vector<std::unique_ptr<Middleware>> chain);

  boost::asio::awaitable<Response> handle(Request& req);
  // Answers a request the transport refused (too large, bad headers, timeout) with
  // the same headers, ids and logging as any other response.
  Response reject(Request& req, const ApiError& error);
  // Gives a request the transport serves itself (a WebSocket upgrade) its id and start
  // time, exactly as handle() would.
  void prepare_upgrade(Request& req) { prepare(req); }

  std::int64_t in_flight() const { return in_flight_.load(); }

 private:
  void prepare(Request& req);
  void run_after(const Request& req, Response& res, std::size_t entered);

  const Router& router_;
  std::vector<std::unique_ptr<Middleware>> chain_;
  std::string id_prefix_;
  std::atomic<std::uint64_t> next_id_{0};
  std::atomic<std::int64_t> in_flight_{0};
};

// True when an incoming X-Request-Id is safe to reuse: 1–128 of [A-Za-z0-9._:-].
bool is_sane_request_id(std::string_view id);

}  // namespace jm::http
