#pragma once
// An in-process cache of serialised responses (JSON body, strong ETag, content type,
// optionally a pre-gzipped body), keyed by route + normalised query.
//
// Correctness comes from tags, not from time: every entry carries tags ("leaderboard",
// "daily", "analytics") and a write path calls invalidate(tag) once the store acknowledged
// the write, so the next read recomputes. A TTL covers what changes with time alone (the
// daily puzzle rolls over at the day boundary). A computation that started before an
// invalidation of one of its tags is handed to its caller but never stored, so a slow
// computation cannot resurrect data older than the write.
//
// Stampede guard: one computation per key at a time. Callers that arrive while it runs
// wait for it (the store reads behind these entries are synchronous, so waiting costs the
// thread no more than computing would, and the database does the work once), except that
// an entry that only passed its TTL and is marked stale_ok is served stale meanwhile.
//
// Bounded: least-recently-used entries are evicted beyond max_entries or max_bytes.
//
// Scale-out: invalidate(tag) is safe from any thread and tells the invalidation listener
// (set_invalidation_listener), which is where a Redis pub/sub publisher goes; invalidations
// that arrive from other instances are applied with apply_remote_invalidation(tag), which
// does not call the listener (no echo).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "infra/metrics.hpp"
#include "util/clock.hpp"

namespace jm::infra {

// The tags write paths invalidate. Anything derived from finished games carries one.
namespace cache_tags {
inline constexpr std::string_view kLeaderboard = "leaderboard";  // boards of any period/mode
inline constexpr std::string_view kDaily = "daily";              // today's puzzle + its stats
inline constexpr std::string_view kAnalytics = "analytics";      // aggregates over all games
}  // namespace cache_tags

// One cached representation. Immutable once built; shared by every request that serves it.
// http/cached_response.hpp builds them (ETag, gzip) and answers requests from them.
struct CachedResponse {
  std::string body;
  std::string gzip_body;  // empty when the body is too small to be worth compressing
  std::string etag;       // strong, quoted: "\"<32 hex>\""
  std::string content_type;
};
using CachedResponsePtr = std::shared_ptr<const CachedResponse>;

// How one key is cached. `name` labels the hit/miss metrics (one bounded value per
// resource, e.g. "leaderboard"); `ttl_ms` 0 means "until invalidated".
struct CachePolicy {
  std::string name;
  std::vector<std::string> tags;
  std::int64_t ttl_ms = 0;
  bool stale_ok = false;  // may serve the expired entry while one caller recomputes
};

class ResponseCache {
 public:
  struct Options {
    std::size_t max_entries = 4096;
    std::size_t max_bytes = 32 * 1024 * 1024;  // bodies + gzip bodies
  };
  using Compute = std::function<CachedResponsePtr()>;
  using InvalidationListener = std::function<void(const std::string& tag)>;

  ResponseCache(const Clock& clock, Options options, Registry& registry = metrics());
  ~ResponseCache();
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The entry for `key`, computing it with `compute` (on this thread, without the cache's
  // lock) when it is missing, expired or invalidated. Exceptions from `compute` propagate
  // to this caller; callers waiting on it then compute themselves.
  CachedResponsePtr get_or_compute(const std::string& key, const CachePolicy& policy,
                                   const Compute& compute);

  // Drops every entry tagged `tag` and makes in-flight computations of such entries
  // unstorable; then tells the listener. Safe from any thread, also from a listener.
  void invalidate(std::string_view tag);
  // The same for an invalidation another instance published: the listener is not told.
  void apply_remote_invalidation(std::string_view tag);
  // Told about every local invalidate(tag), after the entries are gone. Set it once at
  // start (before serving); it runs on the invalidating thread and must not block.
  void set_invalidation_listener(InvalidationListener listener);

  std::size_t size() const;
  std::size_t bytes() const;

 private:
  struct Entry;
  struct Flight;
  struct Counters;
  void drop_tag(std::string_view tag);
  void erase_locked(const std::string& key);
  void evict_locked();
  Counters& counters_locked(const std::string& name);

  const Clock& clock_;
  Options options_;
  Registry& registry_;
  mutable std::mutex mu_;
  std::condition_variable flight_done_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  std::list<std::string> lru_;                      // front = most recent; guarded by mu_
  std::unordered_map<std::string, std::unordered_set<std::string>> keys_by_tag_;  // guarded
  std::unordered_map<std::string, std::uint64_t> invalidated_at_;     // tag → epoch; guarded
  std::uint64_t epoch_ = 0;                                           // bumped per invalidation
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;  // guarded by mu_
  std::map<std::string, std::unique_ptr<Counters>, std::less<>> counters_;  // guarded by mu_
  std::atomic<std::size_t> count_{0}, bytes_{0};  // written under mu_; read by /metrics
  InvalidationListener listener_;
  CallbackRegistration entries_metric_;
  CallbackRegistration bytes_metric_;
};

}  // namespace jm::infra
