#pragma once
// Token-bucket rate limiting behind an interface with the shape of one atomic round trip
// (`take`), so a Redis implementation can replace the in-process one for many instances.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jm::infra {

// `capacity` tokens, refilled continuously at capacity/window: a client may burst to
// `capacity` and then sustain capacity per window.
struct RateRule {
  int capacity = 0;
  std::int64_t window_ms = 0;

  bool operator==(const RateRule&) const = default;
};

struct RateDecision {
  bool allowed = false;
  int limit = 0;                    // the rule's capacity
  int remaining = 0;                // whole tokens left after this request
  std::int64_t reset_ms = 0;        // until the bucket is full again
  std::int64_t retry_after_ms = 0;  // until one token is available; 0 when allowed
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token from the bucket `key` (created full on first use) if it has one.
  // `now_ms` is passed in so tests and a shared store agree on time.
  virtual RateDecision take(std::string_view key, const RateRule& rule, std::int64_t now_ms) = 0;
};

// In-process buckets: sharded by key hash (one mutex per shard) so threads rarely
// contend, and bounded in memory. Tokens are kept in exact integer units (one token =
// window_ms units, refill = capacity units per ms), so no rounding ever admits extra.
class LocalRateLimiter final : public RateLimiter {
 public:
  explicit LocalRateLimiter(std::size_t max_buckets = 100'000, std::size_t shards = 16);

  RateDecision take(std::string_view key, const RateRule& rule, std::int64_t now_ms) override;

  // Buckets currently held (for tests and metrics).
  std::size_t size() const;
  std::size_t max_buckets() const { return per_shard_cap_ * shards_.size(); }

 private:
  struct Bucket {
    std::int64_t units = 0;       // tokens × window_ms
    std::int64_t updated_ms = 0;  // when `units` was last refilled
    std::int64_t full_at_ms = 0;  // when the bucket is full again (eviction order)
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets;
  };

  Shard& shard_for(std::string_view key);
  void make_room(Shard& shard, std::int64_t now_ms);

  std::size_t per_shard_cap_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace jm::infra
