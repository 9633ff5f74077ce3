#include "infra/live_feed.hpp"

#include <nlohmann/json.hpp>

#include "util/log.hpp"

namespace jm::infra {

LiveFeed::LiveFeed(EventBus& bus, std::string channel, std::size_t ring_capacity)
    : channel_(std::move(channel)), ring_capacity_(ring_capacity) {
  subscription_ = bus.subscribe(channel_, [this](const std::string& text) { on_bus_text(text); });
}

LiveFeed::~LiveFeed() {
  subscription_.reset();
}

std::shared_ptr<const std::string> LiveFeed::stamped(const std::string& text,
                                                     std::uint64_t seq) const {
  auto event = nlohmann::json::parse(text, nullptr, false);
  if (!event.is_object()) return nullptr;
  event["seq"] = seq;
  return std::make_shared<const std::string>(event.dump());
}

void LiveFeed::on_bus_text(const std::string& text) {
  std::lock_guard lock(mutex_);
  auto stamped_text = stamped(text, seq_ + 1);
  if (!stamped_text) {
    log::warn("live_event_dropped", {{"channel", channel_}, {"why", "not a JSON object"}});
    return;
  }
  FeedEvent event{++seq_, std::move(stamped_text)};
  if (ring_capacity_ > 0) {
    if (ring_.size() == ring_capacity_) ring_.pop_front();
    ring_.push_back(event);
  }
  for (auto& [id, sink] : sinks_) sink(event);
}

void LiveFeed::broadcast_snapshot(const std::string& json_object_text) {
  std::lock_guard lock(mutex_);
  if (sinks_.empty()) return;
  auto text = stamped(json_object_text, seq_);
  if (!text) return;
  FeedEvent event{seq_, std::move(text)};
  for (auto& [id, sink] : sinks_) sink(event);
}

LiveFeed::Joined LiveFeed::join(std::optional<std::uint64_t> since, Sink sink) {
  std::lock_guard lock(mutex_);
  Joined joined;
  joined.listener_id = ++next_listener_;
  joined.latest_seq = seq_;
  if (since) {
    if (*since > seq_) {
      joined.complete = false;  // a sequence from another instance or an earlier run
    } else {
      std::uint64_t oldest = ring_.empty() ? seq_ + 1 : ring_.front().seq;
      joined.complete = *since + 1 >= oldest;
      for (const auto& event : ring_) {
        if (event.seq > *since) joined.backlog.push_back(event);
      }
    }
  }
  sinks_.emplace(joined.listener_id, std::move(sink));
  return joined;
}

void LiveFeed::leave(std::uint64_t listener_id) {
  std::lock_guard lock(mutex_);
  sinks_.erase(listener_id);
}

std::size_t LiveFeed::listeners() const {
  std::lock_guard lock(mutex_);
  return sinks_.size();
}

std::uint64_t LiveFeed::latest_seq() const {
  std::lock_guard lock(mutex_);
  return seq_;
}

}  // namespace jm::infra
