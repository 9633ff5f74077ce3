#include "store/postgres/pg_pool.hpp"

#include <algorithm>

#include "util/log.hpp"

namespace jm::store::postgres {

using Clock = std::chrono::steady_clock;

Pool::Pool(std::string label, ConnectionSettings connection, PoolSettings settings)
    : label_(std::move(label)),
      connection_(std::move(connection)),
      settings_(settings),
      maintenance_([this] { maintain(); }) {}

Pool::~Pool() {
  close();
}

void Pool::close() {
  std::vector<Idle> doomed;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    doomed.swap(idle_);
    open_ -= static_cast<int>(doomed.size());
  }
  freed_.notify_all();
  wake_maintenance_.notify_all();
  if (maintenance_.joinable() && maintenance_.get_id() != std::this_thread::get_id()) {
    maintenance_.join();
  }
}

bool Pool::worn_out(const Connection& c) const {
  return c.broken() || c.uses() >= settings_.max_uses ||
         Clock::now() - c.opened_at() >= std::chrono::seconds(settings_.max_lifetime_seconds);
}

std::unique_ptr<Connection> Pool::open_connection() {
  try {
    auto conn = std::make_unique<Connection>(connection_);
    std::lock_guard lock(mu_);
    if (!reachable_) log::info("postgres_reconnected", {{"pool", label_}});
    reachable_ = true;
    last_error_.clear();
    return conn;
  } catch (const PgError& e) {
    std::lock_guard lock(mu_);
    if (reachable_) log::warn("postgres_unreachable", {{"pool", label_}, {"error", e.what()}});
    reachable_ = false;
    last_error_ = e.what();
    retry_after_ = Clock::now() + std::chrono::milliseconds(settings_.reconnect_backoff_ms);
    throw;
  }
}

Pool::Lease Pool::acquire() {
  const auto deadline = Clock::now() + std::chrono::milliseconds(settings_.acquire_timeout_ms);
  std::unique_lock lock(mu_);
  for (;;) {
    if (closed_) throw PgError(label_ + " pool is closed", "57P01", true);
    while (!idle_.empty()) {
      Idle entry = std::move(idle_.back());
      idle_.pop_back();
      if (!worn_out(*entry.conn) && entry.conn->looks_alive()) {
        return Lease(*this, std::move(entry.conn));
      }
      --open_;  // closed as `entry` goes out of scope
    }
    if (open_ < settings_.max) {
      if (!reachable_ && Clock::now() < retry_after_) {
        throw PgError(label_ + " unreachable: " + last_error_, "08001", true);
      }
      ++open_;
      lock.unlock();
      try {
        return Lease(*this, open_connection());
      } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
      }
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      throw PgError(label_ + " pool exhausted: all " + std::to_string(settings_.max) +
                        " connections busy for " + std::to_string(settings_.acquire_timeout_ms) +
                        " ms",
                    "53300", true);
    }
  }
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
  // A connection left inside a transaction (an exception mid-way) is not reusable.
  const bool keep = !worn_out(*conn) && !conn->in_transaction();
  {
    std::lock_guard lock(mu_);
    if (keep && !closed_) {
      idle_.push_back({std::move(conn), Clock::now()});
    } else {
      --open_;
    }
  }
  freed_.notify_one();
  // `conn` (if not kept) closes here, outside the lock.
}

PoolStats Pool::stats() const {
  std::lock_guard lock(mu_);
  PoolStats s;
  s.open = open_;
  s.idle = static_cast<int>(idle_.size());
  s.busy = open_ - s.idle;
  s.reachable = reachable_;
  s.last_error = last_error_;
  return s;
}

void Pool::maintain() {
  std::unique_lock lock(mu_);
  bool hurry = true;  // fill up to `min` at start without waiting a tick per connection
  while (!closed_) {
    if (!hurry) wake_maintenance_.wait_for(lock, std::chrono::seconds(1));
    hurry = false;
    if (closed_) break;
    // Close idle connections past their idle time (above `min`) or worn out.
    const auto now = Clock::now();
    std::vector<std::unique_ptr<Connection>> doomed;
    for (auto it = idle_.begin(); it != idle_.end();) {
      const bool idle_too_long = now - it->since >= std::chrono::seconds(settings_.idle_seconds) &&
                                 open_ - static_cast<int>(doomed.size()) > settings_.min;
      if (idle_too_long || worn_out(*it->conn) || !it->conn->looks_alive()) {
        doomed.push_back(std::move(it->conn));
        it = idle_.erase(it);
      } else {
        ++it;
      }
    }
    open_ -= static_cast<int>(doomed.size());
    // Top up to `min` (one at a time, and not while backing off from a failure).
    const bool want_more = open_ < settings_.min && (reachable_ || now >= retry_after_);
    if (want_more) ++open_;
    lock.unlock();
    doomed.clear();
    if (want_more) {
      std::unique_ptr<Connection> fresh;
      try {
        fresh = open_connection();
      } catch (const std::exception&) {
        // Logged by open_connection; retried after the backoff.
      }
      lock.lock();
      if (fresh && !closed_) {
        idle_.push_back({std::move(fresh), Clock::now()});
        freed_.notify_one();
      } else {
        --open_;
      }
      if (fresh && closed_) {
        lock.unlock();
        fresh.reset();
        lock.lock();
      }
      hurry = fresh && open_ < settings_.min;
      continue;
    }
    lock.lock();
  }
}

}  // namespace jm::store::postgres
