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
  virtual void after(const Request&, Response&) {}
};

}  // namespace jm::http
