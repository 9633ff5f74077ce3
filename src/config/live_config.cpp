#include "config/live_config.hpp"

#include <CLI/CLI.hpp>

#include "config/config.hpp"

namespace jm {

void add_live_options(CLI::App& app, Config& config) {
  auto& l = config.live;
  app.add_option("--ws-ping-interval", l.ping_interval_seconds,
                 "Seconds between WebSocket pings; two unanswered pings close the client")
      ->envname("JOURNEYMAN_WS_PING_INTERVAL")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--ws-queue-messages", l.queue_messages,
                 "Unsent messages a WebSocket client may fall behind before it is dropped")
      ->envname("JOURNEYMAN_WS_QUEUE_MESSAGES")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->capture_default_str();
  app.add_option("--ws-queue-bytes", l.queue_bytes,
                 "Unsent bytes a WebSocket client may fall behind before it is dropped")
      ->envname("JOURNEYMAN_WS_QUEUE_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} * 1024 * 1024))
      ->capture_default_str();
  app.add_option("--live-counters-interval", l.counters_interval_seconds,
                 "Seconds between live-feed counters events (sent while anyone listens)")
      ->envname("JOURNEYMAN_LIVE_COUNTERS_INTERVAL")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

}  // namespace jm
