#pragma once
// Redis for the unit tests: the shared test server (JOURNEYMAN_TEST_REDIS_URL, from
// scripts/start-test-services.sh; tests skip without it) and a private redis-server a
// test may stop and start again (skipped when redis-server is not installed).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "infra/redis/redis_client.hpp"

namespace jm::testing {

inline std::string test_redis_url() {
  const char* url = std::getenv("JOURNEYMAN_TEST_REDIS_URL");
  return url ? url : "";
}

// Polls `done` every 10 ms until it holds or `timeout` passes.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

inline int free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

inline bool have_redis_server() {
  return std::system("command -v redis-server >/dev/null 2>&1") == 0;
}

// redis-server on 127.0.0.1:port, no persistence; stop() kills it (SIGKILL: as abrupt as
// a crash), start() runs it again on the same port.
class PrivateRedis {
 public:
  PrivateRedis() : port_(free_port()) {}
  ~PrivateRedis() { stop(); }

  int port() const { return port_; }
  infra::RedisUrl url() const { return {"127.0.0.1", port_, "", 0}; }

  void start() {
    pid_ = fork();
    if (pid_ == 0) {
      auto port = std::to_string(port_);
      execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--loglevel", "warning", "--enable-debug-command",
             "yes", nullptr);  // DEBUG SLEEP: a Redis that hangs
      _exit(127);
    }
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace jm::testing
