// GET /metrics: the process-wide registry in the Prometheus text exposition format 0.0.4.
#include "api/routes.hpp"
#include "infra/metrics.hpp"

namespace jm::api {

void register_metrics_routes(http::Router& router, Context&) {
  http::RouteOptions options;
  options.access = http::Access::analyst;  // enforced by the auth middleware
  options.rate_class = "none";             // scrapers poll on a fixed interval
  router.add(
      http::Verb::get, "/metrics",
      [](http::Request& req) -> boost::asio::awaitable<http::Response> {
        http::Response res{http::Status::ok, req.raw.version()};
        res.set(http::beast_http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.set(http::beast_http::field::cache_control, "no-store");
        res.body() = infra::metrics().render();
        co_return res;
      },
      std::move(options));
}

}  // namespace jm::api
