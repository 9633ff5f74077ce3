#pragma once
// The HTTP server: a listener, one io_context per serving thread, a coroutine per
// connection, and a graceful drain on SIGTERM/SIGINT.
//
// Each thread runs its own io_context and every connection is pinned to one of them (the
// acceptor deals them out in turn), so a connection's handlers never hop threads: no
// strand hand-offs, no cross-thread wake-ups on the hot path (the futex calls the profile
// of docs/performance.md showed when N threads shared one context). Work that ends on
// another thread (store commits, the CPU pool, live-feed broadcasts) posts back to the
// connection's context. Context 0 also runs the acceptor, signals, the drain and the
// periodic work of context().
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "http/pipeline.hpp"
#include "net/live_endpoint.hpp"

namespace jm::net {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 1;
  std::size_t body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds shutdown_grace{10};
};

class Connection;

// Marks one request active for the drain while in scope.
class ActiveRequest;

class Server {
 public:
  Server(ServerOptions options, http::Pipeline& pipeline);
  ~Server();

  // Binds the listener (throws with a clear message when it cannot) and returns the port.
  int bind();
  // Runs until a signal or stop(); then drains. `on_drained` runs after in-flight
  // requests finished (or the grace period ran out) and before the threads stop:
  // the place to flush the store.
  void run(std::function<void()> on_drained);
  // Starts the graceful drain from any thread.
  void stop();

  bool draining() const { return draining_.load(); }

  // Enables GET /ws (the live feed); call before run(). `endpoint` must outlive the server.
  void set_live(const LiveEndpoint* endpoint) { live_ = endpoint; }
  const LiveEndpoint* live() const { return live_; }
  // For periodic work that belongs to the serving threads (e.g. the live counters).
  boost::asio::io_context& context() { return ioc_; }
  // The context the next accepted connection lives on (round robin).
  boost::asio::io_context& next_connection_context();
  std::int64_t open_connections() const { return open_connections_.load(); }
  // Connections accepted since start (for /metrics).
  std::uint64_t accepted_connections() const {
    return accepted_connections_.load(std::memory_order_relaxed);
  }

  // Requests between "headers read" and "answer written"; the drain waits for these
  // (not only those inside a handler: a body may still be arriving).
  std::int64_t active_requests() const { return active_requests_.load(); }
  void request_started() { active_requests_.fetch_add(1); }
  void request_finished() { active_requests_.fetch_sub(1); }

  // Called by connections.
  void track(const std::shared_ptr<Connection>& c);
  void untrack(Connection* c);

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> drain(std::function<void()> on_drained);
  void stop_contexts();

  ServerOptions options_;
  http::Pipeline& pipeline_;
  const LiveEndpoint* live_ = nullptr;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;  // one per thread
  boost::asio::io_context& ioc_;                                    // *contexts_[0]
  std::size_t next_context_ = 0;  // touched only by the accept loop (context 0)
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> draining_{false};
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> accepted_connections_{0};
  std::atomic<std::int64_t> active_requests_{0};
  std::atomic<bool> drain_started_{false};
  std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connection_refs_;
};

class ActiveRequest {
 public:
  explicit ActiveRequest(Server& server) : server_(server) { server_.request_started(); }
  ~ActiveRequest() { server_.request_finished(); }
  ActiveRequest(const ActiveRequest&) = delete;
  ActiveRequest& operator=(const ActiveRequest&) = delete;

 private:
  Server& server_;
};

}  // namespace jm::net
