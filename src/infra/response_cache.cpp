#include "infra/response_cache.hpp"

#include "infra/metric_hooks.hpp"

namespace jm::infra {

struct ResponseCache::Counters {
  Counter* hits = nullptr;
  Counter* misses = nullptr;
  Counter* evictions = nullptr;
};

struct ResponseCache::Entry {
  CachedResponsePtr value;
  std::int64_t expires_at_ms = 0;  // 0: until invalidated
  bool stale_ok = false;
  std::vector<std::string> tags;
  std::list<std::string>::iterator lru;
  std::size_t bytes = 0;
  Counters* counters = nullptr;
};

// One computation in progress. `done` and `value` are guarded by the cache's mutex.
struct ResponseCache::Flight {
  std::vector<std::string> tags;
  std::uint64_t started_epoch = 0;
  bool done = false;
  CachedResponsePtr value;  // null when the computation threw
};

ResponseCache::ResponseCache(const Clock& clock, Options options, Registry& registry)
    : clock_(clock),
      options_(options),
      registry_(registry),
      entries_metric_(registry.callback(MetricType::gauge, "journeyman_cache_entries",
                                        "Responses held by the in-process response cache.",
                                        [this] { return static_cast<double>(count_.load()); })),
      bytes_metric_(registry.callback(MetricType::gauge, "journeyman_cache_bytes",
                                      "Body bytes held by the in-process response cache.",
                                      [this] { return static_cast<double>(bytes_.load()); })) {}

ResponseCache::~ResponseCache() = default;

ResponseCache::Counters& ResponseCache::counters_locked(const std::string& name) {
  auto it = counters_.find(name);
  if (it != counters_.end()) return *it->second;
  auto c = std::make_unique<Counters>();
  c->hits = &cache_hits(name, registry_);
  c->misses = &cache_misses(name, registry_);
  c->evictions = &cache_evictions(name, registry_);
  return *counters_.emplace(name, std::move(c)).first->second;
}

CachedResponsePtr ResponseCache::get_or_compute(const std::string& key, const CachePolicy& policy,
                                                const Compute& compute) {
  std::unique_lock lock(mu_);
  Counters& counters = counters_locked(policy.name);
  auto outdated = [this](const Flight& f) {
    for (const auto& tag : f.tags) {
      auto it = invalidated_at_.find(tag);
      if (it != invalidated_at_.end() && it->second > f.started_epoch) return true;
    }
    return false;
  };
  for (;;) {
    CachedResponsePtr stale;
    if (auto it = entries_.find(key); it != entries_.end()) {
      auto& entry = it->second;
      if (entry.expires_at_ms == 0 || clock_.now_ms() < entry.expires_at_ms) {
        lru_.splice(lru_.begin(), lru_, entry.lru);
        counters.hits->inc();
        return entry.value;
      }
      if (entry.stale_ok) stale = entry.value;
    }
    auto flight_it = flights_.find(key);
    if (flight_it == flights_.end() || outdated(*flight_it->second)) break;
    if (stale) {  // stale-while-computing: someone is already refreshing it
      counters.hits->inc();
      return stale;
    }
    auto flight = flight_it->second;
    flight_done_.wait(lock, [&] { return flight->done; });
    if (flight->value) {
      counters.hits->inc();  // answered without computing
      return flight->value;
    }
    // It failed: look again (another caller may have started over), else compute.
  }

  counters.misses->inc();
  auto flight = std::make_shared<Flight>();
  flight->tags = policy.tags;
  flight->started_epoch = epoch_;
  flights_[key] = flight;
  auto land = [&](CachedResponsePtr value) {  // with the lock held
    flight->value = std::move(value);
    flight->done = true;
    if (auto it = flights_.find(key); it != flights_.end() && it->second == flight) {
      flights_.erase(it);
    }
    flight_done_.notify_all();
  };
  lock.unlock();
  CachedResponsePtr value;
  try {
    value = compute();
  } catch (...) {
    lock.lock();
    land(nullptr);
    throw;
  }
  lock.lock();
  land(value);
  if (!value || outdated(*flight)) return value;  // the data may predate a write: don't keep

  erase_locked(key);
  Entry entry;
  entry.value = value;
  entry.expires_at_ms = policy.ttl_ms > 0 ? clock_.now_ms() + policy.ttl_ms : 0;
  entry.stale_ok = policy.stale_ok;
  entry.tags = policy.tags;
  entry.bytes = key.size() + value->body.size() + value->gzip_body.size();
  entry.counters = &counters;
  lru_.push_front(key);
  entry.lru = lru_.begin();
  for (const auto& tag : entry.tags) keys_by_tag_[tag].insert(key);
  bytes_ += entry.bytes;
  entries_.emplace(key, std::move(entry));
  count_ = entries_.size();
  evict_locked();
  return value;
}

void ResponseCache::erase_locked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  for (const auto& tag : it->second.tags) {
    if (auto t = keys_by_tag_.find(tag); t != keys_by_tag_.end()) {
      t->second.erase(key);
      if (t->second.empty()) keys_by_tag_.erase(t);
    }
  }
  lru_.erase(it->second.lru);
  bytes_ -= it->second.bytes;
  entries_.erase(it);
  count_ = entries_.size();
}

void ResponseCache::evict_locked() {
  // The newest entry stays even when it alone is over max_bytes: it was just computed.
  while (entries_.size() > 1 &&
         (entries_.size() > options_.max_entries || bytes_.load() > options_.max_bytes)) {
    auto key = lru_.back();
    auto it = entries_.find(key);
    if (it != entries_.end()) it->second.counters->evictions->inc();
    erase_locked(key);
  }
}

void ResponseCache::drop_tag(std::string_view tag) {
  std::lock_guard lock(mu_);
  std::string name(tag);
  invalidated_at_[name] = ++epoch_;
  auto it = keys_by_tag_.find(name);
  if (it == keys_by_tag_.end()) return;
  auto keys = std::move(it->second);
  keys_by_tag_.erase(it);
  for (const auto& key : keys) erase_locked(key);
}

void ResponseCache::invalidate(std::string_view tag) {
  drop_tag(tag);
  InvalidationListener listener;
  {
    std::lock_guard lock(mu_);
    listener = listener_;
  }
  if (listener) listener(std::string(tag));
}

void ResponseCache::apply_remote_invalidation(std::string_view tag) {
  drop_tag(tag);
}

void ResponseCache::set_invalidation_listener(InvalidationListener listener) {
  std::lock_guard lock(mu_);
  listener_ = std::move(listener);
}

std::size_t ResponseCache::size() const {
  return count_.load();
}

std::size_t ResponseCache::bytes() const {
  return bytes_.load();
}

}  // namespace jm::infra
