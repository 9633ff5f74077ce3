#pragma once
// The live feed's "counters" event: every few seconds, while anyone listens on this
// instance, a snapshot of cheap, real numbers — server-judged games finished today
// (one indexed count in the store) and since this process started (counted from the
// bus), plus how many clients listen here. Sent to listeners directly (not through the
// bus: every instance reads the same store) and not kept for replay.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

#include "infra/event_bus.hpp"
#include "infra/live_feed.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm {

class LiveCounters {
 public:
  LiveCounters(store::Store& store, const Clock& clock, infra::EventBus& bus,
               std::vector<infra::LiveFeed*> feeds, std::chrono::seconds interval);

  // Ticks on `ioc` until stop(); must be destroyed after `ioc` stopped running.
  void start(boost::asio::io_context& ioc);
  void stop() { stopped_ = true; }

  // One counters event; throws what the store throws.
  nlohmann::json snapshot() const;
  std::uint64_t finished_since_start() const { return finished_since_start_.load(); }

 private:
  void tick() const;

  store::Store& store_;
  const Clock& clock_;
  std::vector<infra::LiveFeed*> feeds_;
  std::chrono::seconds interval_;
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> finished_since_start_{0};
  infra::EventBus::Subscription finished_;  // counts game_finished events
};

}  // namespace jm
