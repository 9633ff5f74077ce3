#include "infra/rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>

namespace jm::infra {

namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return a <= 0 ? 0 : (a + b - 1) / b;
}

}  // namespace

LocalRateLimiter::LocalRateLimiter(std::size_t max_buckets, std::size_t shards) {
  if (shards == 0) shards = 1;
  per_shard_cap_ = std::max<std::size_t>(1, max_buckets / shards);
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

LocalRateLimiter::Shard& LocalRateLimiter::shard_for(std::string_view key) {
  // Multiply-shift on the hash so the shard does not use the same low bits as the
  // shard's own hash table buckets.
  std::uint64_t h = std::hash<std::string_view>{}(key)*0x9E3779B97F4A7C15ull;
  return *shards_[(h >> 32) % shards_.size()];
}

std::size_t LocalRateLimiter::size() const {
  std::size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    n += shard->buckets.size();
  }
  return n;
}

// Called when a shard is full and a new key arrives. A bucket that is full again holds
// no information (a new one would start full), so those go first. If that frees too
// little, the buckets closest to full go next: their clients lose the least. Each call
// frees at least an eighth of the shard, so the O(n) scan is amortised over many inserts.
void LocalRateLimiter::make_room(Shard& shard, std::int64_t now_ms) {
  auto& buckets = shard.buckets;
  std::erase_if(buckets, [now_ms](const auto& entry) { return entry.second.full_at_ms <= now_ms; });
  std::size_t target = per_shard_cap_ - std::max<std::size_t>(1, per_shard_cap_ / 8);
  if (buckets.size() <= target) return;

  std::vector<std::pair<std::int64_t, decltype(buckets.begin())>> by_full_at;
  by_full_at.reserve(buckets.size());
  for (auto it = buckets.begin(); it != buckets.end(); ++it) {
    by_full_at.emplace_back(it->second.full_at_ms, it);
  }
  std::size_t excess = buckets.size() - target;
  std::nth_element(by_full_at.begin(), by_full_at.begin() + static_cast<std::ptrdiff_t>(excess),
                   by_full_at.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < excess; ++i) buckets.erase(by_full_at[i].second);
}

RateDecision LocalRateLimiter::take(std::string_view key, const RateRule& rule,
                                    std::int64_t now_ms) {
  if (rule.capacity < 1 || rule.window_ms < 1) {
    throw std::invalid_argument("rate rule needs capacity >= 1 and window >= 1 ms");
  }
  const std::int64_t capacity = rule.capacity;
  const std::int64_t token = rule.window_ms;  // units per token
  const std::int64_t full = capacity * token;

  auto& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= per_shard_cap_) make_room(shard, now_ms);
    it = shard.buckets.emplace(std::string(key), Bucket{full, now_ms, now_ms}).first;
  }
  Bucket& b = it->second;

  // Refill for the time since the last update. A clock that steps back refills nothing.
  if (now_ms > b.updated_ms) {
    std::int64_t elapsed = now_ms - b.updated_ms;
    b.units = elapsed >= rule.window_ms ? full : std::min(full, b.units + elapsed * capacity);
    b.updated_ms = now_ms;
  }
  // A rule that shrank since the bucket was made must not leave extra tokens behind.
  b.units = std::min(b.units, full);

  RateDecision d;
  d.limit = rule.capacity;
  if (b.units >= token) {
    b.units -= token;
    d.allowed = true;
    d.retry_after_ms = 0;
  } else {
    d.allowed = false;
    d.retry_after_ms = ceil_div(token - b.units, capacity);
  }
  d.remaining = static_cast<int>(b.units / token);
  d.reset_ms = ceil_div(full - b.units, capacity);
  b.full_at_ms = b.updated_ms + d.reset_ms;
  return d;
}

}  // namespace jm::infra
