#pragma once
// Helpers for the PostgreSQL-only tests: a loopback TCP forwarder that stands between
// the store and the test server (stop() is an outage, start() the recovery), and a
// listener that accepts connections but never answers (a black hole).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace jm::store::testing {

inline int listen_loopback(int port = 0) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline int port_of(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

// host and port of a postgres://user@host:port/db URL.
inline std::pair<std::string, int> host_port(const std::string& url) {
  std::smatch m;
  static const std::regex re(R"(^postgres(?:ql)?://(?:[^@/]*@)?([^:/]+):(\d+))");
  if (!std::regex_search(url, m, re)) return {"127.0.0.1", 5432};
  return {m[1].str(), std::stoi(m[2].str())};
}

// Forwards 127.0.0.1:port() to the target. stop() closes the listener and every
// forwarded connection (the server "goes away"); start() listens again on the same port.
class TcpForwarder {
 public:
  TcpForwarder(std::string target_host, int target_port)
      : host_(std::move(target_host)), target_port_(target_port) {
    start();
  }
  ~TcpForwarder() { stop(); }

  int port() const { return port_; }

  void start() {
    listen_fd_ = listen_loopback(port_);
    port_ = port_of(listen_fd_);
    running_ = true;
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    if (!running_) return;
    running_ = false;
    thread_.join();
    ::close(listen_fd_);
  }

 private:
  int connect_target() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(target_port_));
    ::inet_pton(AF_INET, host_ == "localhost" ? "127.0.0.1" : host_.c_str(), &a.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  // One thread polls everything: the listener and both ends of every pair.
  void run() {
    std::vector<std::pair<int, int>> pairs;
    char buf[65536];
    while (running_) {
      std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
      for (auto [a, b] : pairs) {
        fds.push_back({a, POLLIN, 0});
        fds.push_back({b, POLLIN, 0});
      }
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      const std::size_t polled = pairs.size();  // a pair accepted now has no pollfd yet
      if (fds[0].revents & POLLIN) {
        int client = ::accept(listen_fd_, nullptr, nullptr);
        int server = client >= 0 ? connect_target() : -1;
        if (server >= 0) {
          pairs.emplace_back(client, server);
        } else if (client >= 0) {
          ::close(client);
        }
      }
      std::vector<std::pair<int, int>> alive;
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        bool ok = true;
        for (int side = 0; side < 2 && ok && i < polled; ++side) {
          const auto& p = fds[1 + 2 * i + static_cast<std::size_t>(side)];
          if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
          const int from = side == 0 ? pairs[i].first : pairs[i].second;
          const int to = side == 0 ? pairs[i].second : pairs[i].first;
          const ssize_t n = ::read(from, buf, sizeof buf);
          ok = n > 0 && ::write(to, buf, static_cast<std::size_t>(n)) == n;
        }
        if (ok) {
          alive.push_back(pairs[i]);
        } else {
          ::close(pairs[i].first);
          ::close(pairs[i].second);
        }
      }
      pairs.swap(alive);
    }
    for (auto [a, b] : pairs) {
      ::close(a);
      ::close(b);
    }
  }

  std::string host_;
  int target_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

// Accepts TCP connections into its backlog and never says a word.
class BlackHole {
 public:
  BlackHole() : fd_(listen_loopback()) {}
  ~BlackHole() { ::close(fd_); }
  int port() const { return port_of(fd_); }

 private:
  int fd_;
};

}  // namespace jm::store::testing
