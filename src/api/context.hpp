#pragma once
// What handlers may use: the store, the clock and the configuration. Built once in
// app.cpp and shared by every route.
#include <atomic>
#include <cstdint>

#include <memory>

#include "config/config.hpp"
#include "domain/game/catalog.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::infra {
class EventBus;
}

namespace jm::api {

struct Context {
  const Config& config;
  store::Store& store;
  const Clock& clock;
  std::int64_t started_at_ms = 0;
  std::atomic<bool>* draining = nullptr;           // set while the server drains
  std::shared_ptr<const domain::Catalog> catalog;  // immutable; loaded at start
  infra::EventBus* events = nullptr;               // live feed (game_finished events)
};

}  // namespace jm::api
