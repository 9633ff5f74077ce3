#pragma once
// GET /ws: what the WebSocket upgrade needs (set up by server_app) and the checks the
// network layer applies itself, because the HTTP middleware does not run for an upgrade:
// Origin allow-list, channel, resume point and credentials.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/errors.hpp"
#include "infra/live_feed.hpp"
#include "infra/metric_hooks.hpp"

namespace jm::net {

// Checks a credential sent as ?token= (browsers cannot set headers on a WebSocket):
// returns the role it grants ("player", "analyst", "admin") or nullopt when invalid.
using TokenCheck = std::function<std::optional<std::string>(std::string_view token)>;

// Counters of the live feed; relaxed atomics, read from any thread. Connected clients and
// drops also move the process-wide /metrics series (infra/metric_hooks.hpp).
class WebSocketStats {
 public:
  std::int64_t clients_connected() const { return connected_.load(std::memory_order_relaxed); }
  std::uint64_t clients_opened() const { return opened_.load(std::memory_order_relaxed); }
  std::uint64_t messages_sent() const { return sent_.load(std::memory_order_relaxed); }
  std::uint64_t clients_dropped() const { return dropped_.load(std::memory_order_relaxed); }

  void opened() {
    opened_.fetch_add(1, std::memory_order_relaxed);
    connected_.fetch_add(1, std::memory_order_relaxed);
    clients_gauge().inc();
  }
  void closed() {
    connected_.fetch_sub(1, std::memory_order_relaxed);
    clients_gauge().dec();
  }
  void sent() { sent_.fetch_add(1, std::memory_order_relaxed); }
  // A slow client is dropped when the message that overflows its queue arrives.
  void dropped() {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    static infra::Counter& counter = infra::websocket_dropped_messages();
    counter.inc();
  }

 private:
  static infra::Gauge& clients_gauge() {
    static infra::Gauge& gauge = infra::websocket_clients();
    return gauge;
  }

  std::atomic<std::int64_t> connected_{0};
  std::atomic<std::uint64_t> opened_{0}, sent_{0}, dropped_{0};
};

struct LiveEndpoint {
  infra::LiveFeed* public_feed = nullptr;
  infra::LiveFeed* analyst_feed = nullptr;
  TokenCheck check_token;                    // unset: the analyst channel refuses everyone
  std::vector<std::string> allowed_origins;  // besides the server's own host
  std::chrono::seconds ping_interval{15};
  std::size_t queue_messages = 256;
  std::size_t queue_bytes = 1024 * 1024;
  WebSocketStats* stats = nullptr;
};

// The outcome of the checks on an upgrade request.
struct UpgradeDecision {
  std::optional<http::ApiError> error;  // set: answer with this HTTP error, no upgrade
  infra::LiveFeed* feed = nullptr;
  std::string channel;
  std::optional<std::uint64_t> since;
  // Set: upgrade, then close with 1008 and this reason (a refusal a browser can see;
  // a failed upgrade only shows it a generic error).
  std::optional<std::string> refusal;
};

// True when a browser page at `origin` may open the socket: an allowed origin, or the
// server's own host (Origin "http(s)://<Host header>"). No Origin (not a browser): true.
bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed);

UpgradeDecision decide_upgrade(const http::Request& req, const LiveEndpoint& endpoint);

}  // namespace jm::net
