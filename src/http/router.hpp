#pragma once
// A small router: "/api/v1/games/:id/guesses"-style patterns, per-route methods,
// 404 for unknown paths and 405 (with the Allow list) for known paths.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/types.hpp"

namespace jm::http {

// Who may call a route; enforced by the auth middleware.
//   player        any signed-in user (a JWT), whatever the role
//   self_or_admin the user named by the route's resource_param, or an admin
//   authenticated any valid credential, a person's JWT or an API key (its own jobs)
//   analyst/admin that role or higher (JWT or API key)
enum class Access { public_, player, self_or_admin, authenticated, analyst, admin };

struct RouteOptions {
  RouteOptions() = default;
  RouteOptions(ErrorStyle style, Access who, std::string bucket)
      : error_style(style), access(who), rate_class(std::move(bucket)) {}

  ErrorStyle error_style = ErrorStyle::standard;
  Access access = Access::public_;
  std::string rate_class = "general";  // rate-limit bucket family
  // The route reads a credential from a cookie (refresh, logout): it is a write a
  // third-party page could trigger, so it needs the double-submit CSRF token.
  bool cookie_auth = false;
  // What the audit log calls this action (default "<METHOD> <pattern>") and which path
  // parameter names the resource it touches.
  std::string audit_action;
  std::string resource_type;
  std::string resource_param;
  // Reads are audited on analyst/admin routes; this audits them on others too
  // (personal-data exports).
  bool audit_reads = false;
};

struct Route {
  Verb method;
  std::string pattern;
  Handler handler;
  ErrorStyle error_style = ErrorStyle::standard;
  Access access = Access::public_;
  std::string rate_class;
  bool cookie_auth = false;
  std::string audit_action, resource_type, resource_param;
  bool audit_reads = false;
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
