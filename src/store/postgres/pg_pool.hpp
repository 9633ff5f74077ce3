#pragma once
// A pool of connections to one server (the primary, or a read replica). Connections are
// opened on demand up to `max`, kept warm down to `min`, closed when idle too long,
// older than max_lifetime, checked out max_uses times, or broken. While the server is down,
// new connections are not attempted more than once per backoff interval, so callers
// fail fast (→ 503) instead of each waiting out connect_timeout; a maintenance thread
// reconnects by itself once the server is back.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres {

struct PoolSettings {
  int min = 5;
  int max = 20;
  int idle_seconds = 30;
  int max_lifetime_seconds = 3600;
  int max_uses = 7'500;
  int acquire_timeout_ms = 10'000;  // waiting for a free connection when all are busy
  int reconnect_backoff_ms = 1'000;
};

struct PoolStats {
  int open = 0, idle = 0, busy = 0;
  bool reachable = true;   // the last connection attempt succeeded
  std::string last_error;  // why the last attempt failed
};

class Pool {
 public:
  Pool(std::string label, ConnectionSettings connection, PoolSettings settings);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // A borrowed connection, returned (or closed, if broken or worn out) on destruction.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {
      conn_->count_use();
    }
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->give_back(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Throws PgError(broken) when no connection can be had (server down, pool exhausted
  // past acquire_timeout_ms, pool closed).
  Lease acquire();
  PoolStats stats() const;
  const std::string& label() const { return label_; }
  // Closes idle connections and stops the maintenance thread; later acquires throw.
  void close();

 private:
  struct Idle {
    std::unique_ptr<Connection> conn;
    std::chrono::steady_clock::time_point since;
  };
  void give_back(std::unique_ptr<Connection> conn);
  bool worn_out(const Connection& c) const;
  std::unique_ptr<Connection> open_connection();  // called without mu_ held
  void maintain();

  const std::string label_;
  const ConnectionSettings connection_;
  const PoolSettings settings_;

  mutable std::mutex mu_;
  std::condition_variable freed_;
  std::condition_variable wake_maintenance_;
  std::vector<Idle> idle_;  // most recently used last
  int open_ = 0;            // idle + busy + being opened
  bool closed_ = false;
  bool reachable_ = true;
  std::string last_error_;
  std::chrono::steady_clock::time_point retry_after_{};
  std::thread maintenance_;  // last: started once everything above exists
};

}  // namespace jm::store::postgres
