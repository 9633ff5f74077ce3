#include "infra/redis/redis_rate_limiter.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "store/await.hpp"
#include "util/log.hpp"

namespace jm::infra {

namespace {

// KEYS[1] the bucket; ARGV capacity, window_ms, now_ms. The bucket is a hash {u: units,
// t: last refill ms}; one token = window_ms units, refill = capacity units per ms (exact
// integers, as in LocalRateLimiter — all values stay far below 2^53, so Lua's doubles hold
// them exactly). The key expires when the bucket would be full again: a full bucket
// carries no information. Returns {allowed, remaining, reset_ms, retry_after_ms}.
// Time comes from the caller (instances keep NTP time; a clock behind the bucket's
// refills nothing, as locally) so tests can drive it.
constexpr const char* kScript = R"lua(
local capacity = tonumber(ARGV[1])
local token = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local full = capacity * token
local state = redis.call('HMGET', KEYS[1], 'u', 't')
local units = tonumber(state[1])
local updated = tonumber(state[2])
if units == nil or updated == nil then
  units = full
  updated = now
end
if now > updated then
  local elapsed = now - updated
  if elapsed >= token then
    units = full
  else
    units = math.min(full, units + elapsed * capacity)
  end
  updated = now
end
if units > full then units = full end
local allowed = 0
local retry = 0
if units >= token then
  units = units - token
  allowed = 1
else
  retry = math.ceil((token - units) / capacity)
end
local reset = 0
if full > units then reset = math.ceil((full - units) / capacity) end
redis.call('HSET', KEYS[1], 'u', string.format('%d', units), 't', string.format('%d', updated))
redis.call('PEXPIRE', KEYS[1], math.max(1, reset))
return {allowed, math.floor(units / token), reset, retry}
)lua";

std::string sha1_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 unavailable");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::optional<RateDecision> parse(const RedisResult& result, const RateRule& rule) {
  if (!result.ok() || result.reply.type != RedisReply::Type::array) return std::nullopt;
  const auto& e = result.reply.elements;
  if (e.size() != 4) return std::nullopt;
  for (const auto& v : e) {
    if (v.type != RedisReply::Type::integer) return std::nullopt;
  }
  RateDecision d;
  d.allowed = e[0].integer == 1;
  d.limit = rule.capacity;
  d.remaining = static_cast<int>(e[1].integer);
  d.reset_ms = e[2].integer;
  d.retry_after_ms = e[3].integer;
  return d;
}

}  // namespace

const std::string& RedisRateLimiter::script() {
  static const std::string text = kScript;
  return text;
}

const std::string& RedisRateLimiter::script_sha1() {
  static const std::string sha = sha1_hex(script());
  return sha;
}

RedisRateLimiter::RedisRateLimiter(RedisClient& client, std::shared_ptr<RateLimiter> fallback,
                                   Counter& fallbacks, std::string key_prefix)
    : client_(client),
      fallback_(std::move(fallback)),
      fallbacks_(fallbacks),
      prefix_(std::move(key_prefix)) {
  client_.on_ready([this] { load_script(); });
}

void RedisRateLimiter::load_script() {
  client_.command({"SCRIPT", "LOAD", script()}, [](RedisResult result) {
    if (!result.ok() || result.reply.str != script_sha1()) {
      log::warn("redis_script_load_failed", {{"why", result.reply.str}});
    }
  });
}

RedisRateLimiter::Outcome RedisRateLimiter::local(std::string_view key, const RateRule& rule,
                                                  std::int64_t now_ms) {
  fallbacks_.inc();
  return {fallback_->take(key, rule, now_ms), false};
}

void RedisRateLimiter::take(std::string_view key, const RateRule& rule, std::int64_t now_ms,
                            Callback callback) {
  if (rule.capacity < 1 || rule.window_ms < 1) {
    throw std::invalid_argument("rate rule needs capacity >= 1 and window >= 1 ms");
  }
  if (!client_.up()) {
    callback(local(key, rule, now_ms));
    return;
  }
  std::vector<std::string> args{"EVALSHA",
                                script_sha1(),
                                "1",
                                prefix_ + std::string(key),
                                std::to_string(rule.capacity),
                                std::to_string(rule.window_ms),
                                std::to_string(now_ms)};
  auto finish = [this, key = std::string(key), rule, now_ms,
                 callback = std::move(callback)](RedisResult result) mutable {
    if (auto decision = parse(result, rule)) {
      callback({*decision, true});
    } else {
      callback(local(key, rule, now_ms));
    }
  };
  client_.command(args, [this, args, finish = std::move(finish)](RedisResult result) mutable {
    if (!result.is_error("NOSCRIPT")) {
      finish(std::move(result));
      return;
    }
    // Redis restarted (or flushed its scripts) since we loaded it: EVAL caches it again.
    args[0] = "EVAL";
    args[1] = script();
    client_.command(std::move(args), std::move(finish));
  });
}

// Not a coroutine itself: GCC 12 destroys a temporary owning a string twice when it sits
// in a co_await inside a coroutine, so the state moves into await_callback's frame as a
// parameter instead.
boost::asio::awaitable<RedisRateLimiter::Outcome> RedisRateLimiter::take_async(
    std::string key, RateRule rule, std::int64_t now_ms) {
  return store::await_callback<Outcome>([this, key = std::move(key), rule, now_ms](auto done) {
    take(key, rule, now_ms, std::move(done));
  });
}

}  // namespace jm::infra
