#pragma once
// Publish/subscribe of small JSON texts on named channels ("public": anonymised events
// for the game's "live now" ticker; "analyst": full events for dashboards).
//
// The interface is the transport only — publish(channel, text) and subscribe(channel,
// callback) — so a Redis pub/sub implementation can replace the in-process one when
// several instances must share one feed; sequence numbers and replay live above it
// (infra/live_feed.hpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace jm::infra {

inline constexpr std::string_view kPublicChannel = "public";
inline constexpr std::string_view kAnalystChannel = "analyst";

class EventBus {
 public:
  // Runs on the publishing thread (in-process) or the transport's reader thread (Redis).
  // It must not block: hand the text to a queue or an executor and return.
  using Callback = std::function<void(const std::string& text)>;

  // Unsubscribes when destroyed or reset(); afterwards the callback is not running and
  // is never called again. Must not be destroyed from inside its own callback.
  class Subscription {
   public:
    Subscription() = default;
    explicit Subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
    Subscription(Subscription&& other) noexcept : cancel_(std::move(other.cancel_)) {
      other.cancel_ = nullptr;
    }
    Subscription& operator=(Subscription&& other) noexcept {
      if (this != &other) {
        reset();
        cancel_ = std::move(other.cancel_);
        other.cancel_ = nullptr;
      }
      return *this;
    }
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription() { reset(); }

    void reset() {
      if (cancel_) std::exchange(cancel_, nullptr)();
    }
    explicit operator bool() const { return static_cast<bool>(cancel_); }

   private:
    std::function<void()> cancel_;
  };

  virtual ~EventBus() = default;

  // Delivers `text` to every current subscriber of `channel`. Never waits for a slow
  // subscriber (callbacks only hand off). Safe from any thread.
  virtual void publish(std::string_view channel, std::string text) = 0;
  // Safe from any thread; the callbacks of one subscription never run concurrently.
  [[nodiscard]] virtual Subscription subscribe(std::string_view channel, Callback callback) = 0;
};

// Delivers on the publisher's thread, in publish order per subscription.
class InProcessEventBus final : public EventBus {
 public:
  InProcessEventBus();
  ~InProcessEventBus() override;

  void publish(std::string_view channel, std::string text) override;
  [[nodiscard]] Subscription subscribe(std::string_view channel, Callback callback) override;

  std::uint64_t published() const;  // texts published since start, all channels

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with subscriptions, which may outlive the bus
};

}  // namespace jm::infra
