#include "app/server_app.hpp"

#include <iostream>

#include "api/routes.hpp"
#include "app/live_counters.hpp"
#include "app/nfl_data.hpp"
#include "app/store_factory.hpp"
#include "http/middleware/standard.hpp"
#include "http/middleware/static_files.hpp"
#include "infra/event_bus.hpp"
#include "infra/live_feed.hpp"
#include "net/server.hpp"
#include "util/log.hpp"

namespace jm {

namespace {

// Order matters: the access log sees the final response; headers are added to every
// answer including early errors; the body checks run before any handler; static
// files answer only what no route matched.
std::vector<std::unique_ptr<http::Middleware>> standard_chain(const Config& config) {
  std::vector<std::unique_ptr<http::Middleware>> chain;
  chain.push_back(http::make_access_log(config.access_log));
  chain.push_back(http::make_request_id_header());
  chain.push_back(http::make_security_headers());
  chain.push_back(http::make_cors(config.cors_origins));
  chain.push_back(http::make_gzip());
  chain.push_back(http::make_body_checks());
  chain.push_back(http::make_static_files(config.web_root));
  return chain;
}

}  // namespace

int run_server(const Config& config) {
  SystemClock clock;
  auto started = clock.now_ms();
  auto store = open_store(config);
  if (config.seed_on_start && store->load_teams().empty()) {
    auto report = seed_nfl(*store, config.data_dir);
    log::info("seeded", {{"careersAdded", report.counts.careers_added},
                         {"teamsAdded", report.counts.teams_added},
                         {"rejected", report.problems.size()}});
  }
  auto catalog = load_catalog(*store, config.data_dir);
  log::info("catalog_loaded",
            {{"careers", catalog->careers().size()}, {"searchable", catalog->search().size()}});

  // The live feed: declared before the server, so its sessions (destroyed with the
  // server's io_context) never outlive the feeds they listen to.
  infra::InProcessEventBus events;
  infra::LiveFeed public_feed(events, std::string(infra::kPublicChannel));
  infra::LiveFeed analyst_feed(events, std::string(infra::kAnalystChannel));
  net::WebSocketStats websocket_stats;
  net::LiveEndpoint live;
  live.public_feed = &public_feed;
  live.analyst_feed = &analyst_feed;
  // Until the auth middleware lands, no credential opens the analyst channel: the lead
  // plugs the JWT / API-key check in here (role "analyst" or "admin" opens it).
  live.check_token = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  live.allowed_origins = config.cors_origins;
  live.ping_interval = std::chrono::seconds(config.live.ping_interval_seconds);
  live.queue_messages = config.live.queue_messages;
  live.queue_bytes = config.live.queue_bytes;
  live.stats = &websocket_stats;
  LiveCounters counters(*store, clock, events, {&public_feed, &analyst_feed},
                        std::chrono::seconds(config.live.counters_interval_seconds));

  std::atomic<bool> draining{false};
  api::Context ctx{config, *store, clock, started, &draining, catalog};
  ctx.events = &events;
  http::Router router;
  api::register_health_routes(router, ctx);
  api::register_game_data_routes(router, ctx);
  api::register_game_routes(router, ctx);
  api::register_puzzle_routes(router, ctx);

  http::Pipeline pipeline(router, standard_chain(config));
  net::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.threads = config.effective_threads();
  options.body_limit = config.body_limit_bytes;
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  options.read_timeout = std::chrono::seconds(config.read_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
  net::Server server(options, pipeline);
  int port = server.bind();
  server.set_live(&live);
  counters.start(server.context());

  log::info("listening", {{"url", "http://" + config.host + ":" + std::to_string(port)},
                          {"port", port},
                          {"threads", options.threads},
                          {"database", config.database_url},
                          {"startupMs", clock.now_ms() - started}});
  server.run([&] {
    draining = true;
    counters.stop();
    store->drain();
  });
  log::info("stopped", {{"games", store->count_games()}});
  return 0;
}

}  // namespace jm
