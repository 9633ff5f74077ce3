#include "infra/redis/redis_event_bus.hpp"

#include "util/log.hpp"

namespace jm::infra {

namespace {

// Wire format: "<instance id>\n<text>" — the origin is read without parsing the JSON.
constexpr char kSeparator = '\n';

}  // namespace

RedisEventBus::RedisEventBus(RedisClient& commands, RedisClient& subscriber,
                             std::string instance_id, Counter& fallbacks, std::string prefix)
    : commands_(commands),
      instance_id_(std::move(instance_id)),
      fallbacks_(fallbacks),
      prefix_(std::move(prefix)) {
  std::vector<std::string> channels;
  for (auto name : {kPublicChannel, kAnalystChannel, kInvalidateChannel}) {
    channels.push_back(prefix_ + std::string(name));
  }
  subscriber.subscribe(std::move(channels),
                       [this](const std::string& channel, std::string payload) {
                         on_message(channel, std::move(payload));
                       });
}

void RedisEventBus::send(std::string_view channel, const std::string& text) {
  if (!commands_.up()) {
    fallbacks_.inc();  // other instances miss this one: counted, never silent
    return;
  }
  std::string payload;
  payload.reserve(instance_id_.size() + 1 + text.size());
  payload.append(instance_id_).push_back(kSeparator);
  payload.append(text);
  commands_.command({"PUBLISH", prefix_ + std::string(channel), std::move(payload)},
                    [this](RedisResult result) {
                      if (!result.ok()) fallbacks_.inc();
                    });
}

void RedisEventBus::publish(std::string_view channel, std::string text) {
  send(channel, text);
  local_.publish(channel, std::move(text));
}

EventBus::Subscription RedisEventBus::subscribe(std::string_view channel,
                                                EventBus::Callback callback) {
  return local_.subscribe(channel, std::move(callback));
}

void RedisEventBus::publish_invalidation(std::string tag) {
  send(kInvalidateChannel, tag);
}

EventBus::Subscription RedisEventBus::on_remote_invalidation(
    InvalidationChannel::Callback callback) {
  return invalidations_.subscribe(kInvalidateChannel, std::move(callback));
}

void RedisEventBus::on_message(const std::string& redis_channel, std::string payload) {
  auto cut = payload.find(kSeparator);
  if (cut == std::string::npos || redis_channel.rfind(prefix_, 0) != 0) return;
  if (std::string_view(payload).substr(0, cut) == instance_id_) return;  // delivered already
  remote_received_.fetch_add(1, std::memory_order_relaxed);
  auto channel = std::string_view(redis_channel).substr(prefix_.size());
  auto text = payload.substr(cut + 1);
  if (channel == kInvalidateChannel) {
    invalidations_.publish(channel, std::move(text));
  } else {
    local_.publish(channel, std::move(text));
  }
}

}  // namespace jm::infra
