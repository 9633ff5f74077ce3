#include "app/live_counters.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "util/civil_time.hpp"
#include "util/log.hpp"
#include "util/time_format.hpp"

namespace jm {

namespace asio = boost::asio;

LiveCounters::LiveCounters(store::Store& store, const Clock& clock, infra::EventBus& bus,
                           std::vector<infra::LiveFeed*> feeds, std::chrono::seconds interval)
    : store_(store), clock_(clock), feeds_(std::move(feeds)), interval_(interval) {
  // The analyst channel carries every finished game exactly once.
  finished_ = bus.subscribe(infra::kAnalystChannel, [this](const std::string& text) {
    auto event = nlohmann::json::parse(text, nullptr, false);
    if (event.is_object() && event.value("type", "") == "game_finished") {
      finished_since_start_.fetch_add(1);
    }
  });
}

nlohmann::json LiveCounters::snapshot() const {
  auto now = clock_.now_ms();
  auto today_start = now - now % kMsPerDay;  // UTC midnight, like the daily puzzle
  std::size_t listeners = 0;
  for (const auto* feed : feeds_) listeners += feed->listeners();
  return {{"type", "counters"},
          {"gamesFinishedToday", store_.count_finished_games(today_start)},
          {"gamesFinishedSinceStart", finished_since_start_.load()},
          {"listeners", listeners},
          {"at", format_iso8601_ms(now)}};
}

void LiveCounters::tick() const {
  bool anyone = false;
  for (const auto* feed : feeds_) anyone = anyone || feed->listeners() > 0;
  if (!anyone) return;  // nobody to tell: no store read
  try {
    auto text = snapshot().dump();
    for (auto* feed : feeds_) feed->broadcast_snapshot(text);
  } catch (const std::exception& e) {
    log::warn("live_counters_failed", {{"what", e.what()}});  // next tick retries
  }
}

void LiveCounters::start(asio::io_context& ioc) {
  asio::co_spawn(
      ioc,
      [this, &ioc]() -> asio::awaitable<void> {
        asio::steady_timer timer(ioc);
        boost::system::error_code ec;
        while (!stopped_) {
          timer.expires_after(interval_);
          co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
          if (stopped_) break;
          tick();
        }
      },
      asio::detached);
}

}  // namespace jm
