#pragma once
// One channel of the live feed as this instance's WebSocket clients see it: events
// from the bus, stamped with a monotonically increasing `seq`, the last few kept in a
// ring so a client that reconnects with ?since=<seq> gets what it missed, and fanned
// out to the listeners (each hands the text to its own bounded queue).
//
// With a Redis bus every instance stamps its own sequence: a client that resumes on
// another instance (or after a restart) is told that the replay is incomplete.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "infra/event_bus.hpp"

namespace jm::infra {

struct FeedEvent {
  std::uint64_t seq = 0;
  std::shared_ptr<const std::string> text;  // one JSON object with "seq"; shared by all sinks
};

class LiveFeed {
 public:
  // Called with the feed's lock held, in seq order: must not block or call back into the feed.
  using Sink = std::function<void(const FeedEvent&)>;

  struct Joined {
    std::uint64_t listener_id = 0;
    std::vector<FeedEvent> backlog;  // events after `since`, oldest first
    bool complete = true;            // false: some events after `since` are no longer held
    std::uint64_t latest_seq = 0;
  };

  LiveFeed(EventBus& bus, std::string channel, std::size_t ring_capacity = 256);
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // Registers a listener and returns, atomically with it, the replay for `since`: no
  // event is both in the backlog and sent to the sink, and none falls between them.
  Joined join(std::optional<std::uint64_t> since, Sink sink);
  void leave(std::uint64_t listener_id);

  // Sends a snapshot (e.g. counters) to the current listeners without storing it for
  // replay: it carries the latest `seq`, so a resume after it misses nothing.
  void broadcast_snapshot(const std::string& json_object_text);

  const std::string& channel() const { return channel_; }
  std::size_t listeners() const;
  std::uint64_t latest_seq() const;

 private:
  void on_bus_text(const std::string& text);
  std::shared_ptr<const std::string> stamped(const std::string& text, std::uint64_t seq) const;

  std::string channel_;
  std::size_t ring_capacity_;
  mutable std::mutex mutex_;
  std::uint64_t seq_ = 0;
  std::uint64_t next_listener_ = 0;
  std::deque<FeedEvent> ring_;
  std::map<std::uint64_t, Sink> sinks_;
  EventBus::Subscription subscription_;  // last: unsubscribed before the rest goes
};

}  // namespace jm::infra
