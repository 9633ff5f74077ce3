#pragma once
// Options of the live feed (GET /ws): heartbeat, per-client queue and counters period.
#include <cstddef>

namespace CLI {
class App;
}

namespace jm {

struct Config;

struct LiveConfig {
  int ping_interval_seconds = 15;         // a client that misses two pongs in a row is closed
  std::size_t queue_messages = 256;       // per client: more unsent → dropped (1013)
  std::size_t queue_bytes = 1024 * 1024;  // per client: more unsent bytes → dropped
  int counters_interval_seconds = 5;      // "counters" event while anyone listens
};

void add_live_options(CLI::App& app, Config& config);

}  // namespace jm
