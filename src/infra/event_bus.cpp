#include "infra/event_bus.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace jm::infra {

namespace {

// One subscriber. `mutex` serialises its callback calls and lets unsubscribe wait for a
// call in progress, so a subscriber's state may be destroyed right after unsubscribing.
struct Subscriber {
  EventBus::Callback callback;
  std::mutex mutex;
  bool active = true;
};

using SubscriberList = std::vector<std::shared_ptr<Subscriber>>;

}  // namespace

// Copy-on-write lists: publish takes a snapshot under a short lock and calls outside it,
// so subscribing never waits for a delivery and deliveries to channels run in parallel.
struct InProcessEventBus::State {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const SubscriberList>, std::less<>> channels;
  std::atomic<std::uint64_t> published{0};
};

InProcessEventBus::InProcessEventBus() : state_(std::make_shared<State>()) {}
InProcessEventBus::~InProcessEventBus() = default;

void InProcessEventBus::publish(std::string_view channel, std::string text) {
  state_->published.fetch_add(1, std::memory_order_relaxed);
  std::shared_ptr<const SubscriberList> list;
  {
    std::lock_guard lock(state_->mutex);
    auto it = state_->channels.find(channel);
    if (it == state_->channels.end()) return;
    list = it->second;
  }
  for (const auto& subscriber : *list) {
    std::lock_guard lock(subscriber->mutex);
    if (subscriber->active) subscriber->callback(text);
  }
}

EventBus::Subscription InProcessEventBus::subscribe(std::string_view channel, Callback callback) {
  auto subscriber = std::make_shared<Subscriber>();
  subscriber->callback = std::move(callback);
  {
    std::lock_guard lock(state_->mutex);
    auto& list = state_->channels[std::string(channel)];
    auto next = list ? std::make_shared<SubscriberList>(*list) : std::make_shared<SubscriberList>();
    next->push_back(subscriber);
    list = std::move(next);
  }
  std::weak_ptr<State> weak_state = state_;
  return Subscription([weak_state, subscriber, name = std::string(channel)] {
    {
      std::lock_guard lock(subscriber->mutex);  // waits for a delivery in progress
      subscriber->active = false;
    }
    auto state = weak_state.lock();
    if (!state) return;
    std::lock_guard lock(state->mutex);
    auto it = state->channels.find(name);
    if (it == state->channels.end()) return;
    auto next = std::make_shared<SubscriberList>();
    for (const auto& s : *it->second) {
      if (s != subscriber) next->push_back(s);
    }
    if (next->empty()) {
      state->channels.erase(it);
    } else {
      it->second = std::move(next);
    }
  });
}

std::uint64_t InProcessEventBus::published() const {
  return state_->published.load(std::memory_order_relaxed);
}

}  // namespace jm::infra
