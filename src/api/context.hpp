#pragma once
// What handlers may use: the store, the clock and the configuration. Built once in
// app.cpp and shared by every route.
#include <atomic>
#include <cstdint>

#include <functional>
#include <memory>

#include "config/config.hpp"
#include "domain/game/catalog.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace boost::asio {
class thread_pool;
}

namespace jm::security {
struct Secrets;
}

namespace jm::infra {
class EventBus;
class ResponseCache;
class RevocationList;
}  // namespace jm::infra

namespace jm::api {

struct Context {
  const Config& config;
  store::Store& store;
  const Clock& clock;
  std::int64_t started_at_ms = 0;
  std::atomic<bool>* draining = nullptr;           // set while the server drains
  std::shared_ptr<const domain::Catalog> catalog;  // immutable; loaded at start
  const security::Secrets* secrets = nullptr;      // keys; loaded at start
  // Runs CPU-heavy work (password hashing) off the I/O threads.
  boost::asio::thread_pool* cpu_pool = nullptr;
  // Nudges the job runner after a job was queued (no-op when none runs).
  std::function<void()> wake_jobs = [] {};
  infra::EventBus* events = nullptr;  // live feed (game_finished events)
  // Serialised answers of read-only routes (api/response_caching.hpp); null: no caching.
  infra::ResponseCache* cache = nullptr;
  // With REDIS_URL only (null / empty otherwise): access-token revocations shared by the
  // instances and Redis's state. Cache invalidations reach the other instances through the
  // cache's listener (server_app.cpp), not through handlers.
  infra::RevocationList* revocations = nullptr;
  std::function<bool()> redis_up = nullptr;
};

}  // namespace jm::api
