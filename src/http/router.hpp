#pragma once
// A small router: "/api/v1/games/:id/guesses"-style patterns, per-route methods,
// 404 for unknown paths and 405 (with the Allow list) for known paths.
#include <memory>
#include <string>
#include <vector>

#include "http/types.hpp"

namespace jm::http {

// Who may call a route; enforced by the auth middleware.
enum class Access { public_, player, analyst, admin };

struct RouteOptions {
  ErrorStyle error_style = ErrorStyle::standard;
  Access access = Access::public_;
  std::string rate_class = "general";  // rate-limit bucket family
};

struct Route {
  Verb method;
  std::string pattern;
  Handler handler;
  ErrorStyle error_style = ErrorStyle::standard;
  Access access = Access::public_;
  std::string rate_class;
  std::vector<std::string> segments;  // pattern split on '/'
};

struct RouteMatch {
  const Route* route = nullptr;                             // set on a full match
  std::vector<std::pair<std::string, std::string>> params;  // captured :params
  std::vector<Verb> allowed;                                // path known, method not
};

class Router {
 public:
  void add(Verb method, std::string pattern, Handler handler, RouteOptions options = {});
  // HEAD is answered by the GET route of the same path.
  RouteMatch match(Verb method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

// "GET, HEAD, POST" for an Allow header.
std::string allow_header(const std::vector<Verb>& verbs);

}  // namespace jm::http
