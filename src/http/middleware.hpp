#pragma once
// Middleware: a step around every request. `before` may answer early (the request
// then skips the handler and the remaining `before` steps); `after` runs for every
// step whose `before` ran, in reverse order, and may edit the response.
#include <optional>

#include "http/types.hpp"

namespace jm::http {

class Middleware {
 public:
  virtual ~Middleware() = default;
  virtual std::optional<Response> before(Request&) { return std::nullopt; }
  // A step that must wait for I/O (the rate limiter when its buckets live in Redis) says
  // so, and the pipeline co_awaits before_async instead of calling before. The others stay
  // synchronous: no coroutine frame per step per request.
  virtual bool asynchronous() const { return false; }
  virtual boost::asio::awaitable<std::optional<Response>> before_async(Request& req) {
    co_return before(req);
  }
  virtual void after(const Request&, Response&) {}
};

}  // namespace jm::http
