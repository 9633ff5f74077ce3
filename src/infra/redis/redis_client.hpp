#pragma once
// One connection to Redis on hiredis's asynchronous API, driven by Boost.Asio: the
// client owns an io_context and one thread, and hiredis's socket is registered with a
// posix::stream_descriptor on it (infra/redis/asio_adapter.hpp) — no other event library,
// and no command ever blocks a server I/O thread (they post here and are called back).
//
// The connection is kept up by itself: a connect timeout, a per-command timeout (a
// command that times out drops the connection: a Redis that stops answering is treated
// as gone), and automatic reconnection with capped exponential backoff and full jitter.
// up() is one atomic load, so request paths can check it on every request.
//
// A client is either a command connection (command()) or a subscriber (subscribe()
// before start(): the channels are subscribed again after every reconnect).
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "infra/redis/redis_url.hpp"

namespace jm::infra {

struct RedisReply {
  enum class Type { nil, string, status, integer, array, error };
  Type type = Type::nil;
  std::string str;  // string, status or error text
  long long integer = 0;
  std::vector<RedisReply> elements;
};

struct RedisResult {
  enum class Outcome { reply, unavailable, timeout };
  Outcome outcome = Outcome::unavailable;
  RedisReply reply;

  bool ok() const { return outcome == Outcome::reply && reply.type != RedisReply::Type::error; }
  bool is_error(std::string_view prefix) const {
    return outcome == Outcome::reply && reply.type == RedisReply::Type::error &&
           reply.str.rfind(prefix, 0) == 0;
  }
};

struct RedisClientOptions {
  RedisUrl url;
  std::string name = "journeyman";  // CLIENT SETNAME, for CLIENT LIST
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{250};
  std::chrono::milliseconds backoff_initial{100};
  std::chrono::milliseconds backoff_max{5000};
};

class RedisClient {
 public:
  // Called exactly once per command, on the client's thread: must not block.
  using Callback = std::function<void(RedisResult)>;
  using MessageCallback = std::function<void(const std::string& channel, std::string payload)>;
  // Bumped on every failed connect, command error or timeout (journeyman_redis_errors_total).
  using ErrorHook = std::function<void()>;

  explicit RedisClient(RedisClientOptions options);
  ~RedisClient();  // stop()s
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Before start(): makes this a subscriber of `channels` (several calls add up);
  // `on_message` runs on the client's thread for every message on them.
  void subscribe(const std::vector<std::string>& channels, MessageCallback on_message);
  // Before start(): runs on the client's thread each time the connection is ready again
  // (e.g. to SCRIPT LOAD or to reload state that changed while it was down).
  void on_ready(std::function<void()> hook);
  void on_error(ErrorHook hook);

  // Starts the thread and the first connection attempt; returns at once.
  void start();
  // Fails what is pending (unavailable), closes the connection, joins the thread.
  void stop();

  // Sends a command (one argument per element, binary-safe). When the connection is not
  // ready the callback gets `unavailable` at once: callers fall back rather than queue.
  void command(std::vector<std::string> args, Callback callback);
  // The same for coroutines: resumes on the caller's executor.
  boost::asio::awaitable<RedisResult> command_async(std::vector<std::string> args);

  bool up() const { return up_.load(std::memory_order_relaxed); }
  std::uint64_t connects() const { return connects_.load(std::memory_order_relaxed); }
  const RedisClientOptions& options() const { return options_; }

 private:
  struct Impl;
  RedisClientOptions options_;
  std::atomic<bool> up_{false};
  std::atomic<std::uint64_t> connects_{0};
  std::unique_ptr<Impl> impl_;
};

}  // namespace jm::infra
