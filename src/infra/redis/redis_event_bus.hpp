#pragma once
// The live feed across instances: an EventBus whose publish() delivers to this
// instance's subscribers at once (in-process, as without Redis) and PUBLISHes the text
// to Redis, tagged with this instance's id; the subscriber connection hands texts from
// other instances to the local subscribers and drops its own (they were delivered
// already). So every instance's WebSocket clients see every instance's events once, and
// with Redis down each instance still serves its own events.
//
// Sequence numbers stay per instance: each LiveFeed stamps events as they reach it, so
// its `seq` is strictly monotonic and a resume (?since=) on the same instance is exact.
// A global counter would cost a Redis round trip before every delivery and stop when
// Redis does; a client resuming on another instance is told its replay is incomplete.
//
// Also the cluster's cache invalidation channel ("invalidate"): publish_invalidation(tag)
// reaches the other instances' on_remote_invalidation callbacks (the local cache has
// invalidated itself already).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "infra/event_bus.hpp"
#include "infra/metrics.hpp"
#include "infra/redis/redis_client.hpp"

namespace jm::infra {

// Tells the other instances that cached entries with a tag are stale.
class InvalidationChannel {
 public:
  using Callback = std::function<void(const std::string& tag)>;
  virtual ~InvalidationChannel() = default;
  // To every other instance (not this one). Safe from any thread; never blocks.
  virtual void publish_invalidation(std::string tag) = 0;
  // `callback` runs on the transport's thread for each tag another instance published:
  // it must not block. Stops when the subscription goes.
  [[nodiscard]] virtual EventBus::Subscription on_remote_invalidation(Callback callback) = 0;
};

class RedisEventBus final : public EventBus, public InvalidationChannel {
 public:
  // `commands` publishes; `subscriber` must not be started yet (this subscribes it to the
  // live channels and "invalidate"). Both must outlive this object. `prefix` namespaces the
  // Redis channels (several deployments may share one Redis).
  RedisEventBus(RedisClient& commands, RedisClient& subscriber, std::string instance_id,
                Counter& fallbacks, std::string prefix = "jm:");

  void publish(std::string_view channel, std::string text) override;
  [[nodiscard]] Subscription subscribe(std::string_view channel,
                                       EventBus::Callback callback) override;

  void publish_invalidation(std::string tag) override;
  [[nodiscard]] Subscription on_remote_invalidation(
      InvalidationChannel::Callback callback) override;

  const std::string& instance_id() const { return instance_id_; }
  std::uint64_t remote_received() const { return remote_received_.load(); }

  // Channel names the bus carries (public, analyst) and the invalidation channel.
  static constexpr std::string_view kInvalidateChannel = "invalidate";

 private:
  void on_message(const std::string& redis_channel, std::string payload);
  void send(std::string_view channel, const std::string& text);

  RedisClient& commands_;
  std::string instance_id_;
  Counter& fallbacks_;
  std::string prefix_;
  InProcessEventBus local_;          // this instance's subscribers, live channels
  InProcessEventBus invalidations_;  // remote invalidations only
  std::atomic<std::uint64_t> remote_received_{0};
};

}  // namespace jm::infra
