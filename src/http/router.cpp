#include "http/router.hpp"

#include <algorithm>

namespace jm::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(i, end - i));
    i = end;
  }
  return out;
}

bool segments_match(const Route& route, const std::vector<std::string_view>& parts,
                    std::vector<std::pair<std::string, std::string>>* params) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (!seg.empty() && seg[0] == ':') {
      if (parts[i].empty()) return false;
      if (params) params->emplace_back(seg.substr(1), std::string(parts[i]));
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Verb method, std::string pattern, Handler handler, RouteOptions options) {
  auto route = std::make_unique<Route>();
  route->method = method;
  for (auto part : split_path(pattern)) route->segments.emplace_back(part);
  route->pattern = std::move(pattern);
  route->handler = std::move(handler);
  route->error_style = options.error_style;
  route->access = options.access;
  route->rate_class = std::move(options.rate_class);
  route->cookie_auth = options.cookie_auth;
  route->audit_action = options.audit_action.empty()
                            ? std::string(beast_http::to_string(method)) + " " + route->pattern
                            : std::move(options.audit_action);
  route->resource_type = std::move(options.resource_type);
  route->resource_param = std::move(options.resource_param);
  route->audit_reads = options.audit_reads;
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Verb method, std::string_view path) const {
  RouteMatch result;
  auto parts = split_path(path);
  Verb wanted = method == Verb::head ? Verb::get : method;
  for (const auto& route : routes_) {
    if (route->method == wanted) {
      std::vector<std::pair<std::string, std::string>> params;
      if (segments_match(*route, parts, &params)) {
        result.route = route.get();
        result.params = std::move(params);
        result.allowed.clear();
        return result;
      }
    } else if (segments_match(*route, parts, nullptr)) {
      if (std::find(result.allowed.begin(), result.allowed.end(), route->method) ==
          result.allowed.end()) {
        result.allowed.push_back(route->method);
      }
    }
  }
  return result;
}

std::string allow_header(const std::vector<Verb>& verbs) {
  std::vector<Verb> all = verbs;
  if (std::find(all.begin(), all.end(), Verb::get) != all.end()) all.push_back(Verb::head);
  all.push_back(Verb::options);
  std::string out;
  for (auto v : all) {
    if (!out.empty()) out += ", ";
    auto name = beast_http::to_string(v);
    out.append(name.data(), name.size());
  }
  return out;
}

}  // namespace jm::http
