#include "net/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

#include "net/connection.hpp"
#include "util/log.hpp"

namespace jm::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::vector<std::unique_ptr<asio::io_context>> make_contexts(int threads) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  // Concurrency hint 1: each context is run by exactly one thread.
  for (int i = 0; i < std::max(threads, 1); ++i)
    contexts.push_back(std::make_unique<asio::io_context>(1));
  return contexts;
}

}  // namespace

Server::Server(ServerOptions options, http::Pipeline& pipeline)
    : options_(std::move(options)),
      pipeline_(pipeline),
      contexts_(make_contexts(options_.threads)),
      ioc_(*contexts_.front()),
      acceptor_(ioc_) {}

Server::~Server() = default;

int Server::bind() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(options_.host, ec);
  if (ec) throw std::runtime_error("HOST: '" + options_.host + "' is not an IP address");
  tcp::endpoint endpoint{address, static_cast<unsigned short>(options_.port)};
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + ec.message());
  }
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint().port();
}

void Server::track(const std::shared_ptr<Connection>& c) {
  std::lock_guard lock(connections_mutex_);
  connection_refs_.emplace(c.get(), c);
  open_connections_.fetch_add(1);
  accepted_connections_.fetch_add(1, std::memory_order_relaxed);
}

void Server::untrack(Connection* c) {
  std::lock_guard lock(connections_mutex_);
  if (connection_refs_.erase(c) > 0) open_connections_.fetch_sub(1);
}

asio::io_context& Server::next_connection_context() {
  auto& context = *contexts_[next_context_];
  next_context_ = (next_context_ + 1) % contexts_.size();
  return context;
}

asio::awaitable<void> Server::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    auto& context = next_connection_context();
    tcp::socket socket =
        co_await acceptor_.async_accept(context, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!acceptor_.is_open() || draining_) co_return;
      log::warn("accept_failed", {{"what", ec.message()}});
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    auto executor = context.get_executor();
    auto conn =
        std::make_shared<Connection>(std::move(socket), executor, *this, pipeline_, options_);
    track(conn);
    asio::co_spawn(
        executor, [conn]() { return conn->run(); }, asio::detached);
  }
}

void Server::stop() {
  asio::post(ioc_, [this] {
    boost::system::error_code ec;
    acceptor_.cancel(ec);
    acceptor_.close(ec);
    draining_ = true;
  });
}

asio::awaitable<void> Server::drain(std::function<void()> on_drained) {
  draining_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  {
    std::lock_guard lock(connections_mutex_);
    for (auto& [ptr, weak] : connection_refs_) {
      if (auto c = weak.lock()) c->close_if_idle();
    }
  }
  log::info("draining", {{"inFlight", active_requests_.load()},
                         {"connections", open_connections_.load()},
                         {"graceSeconds", options_.shutdown_grace.count()}});
  asio::steady_timer timer(ioc_);
  auto deadline = std::chrono::steady_clock::now() + options_.shutdown_grace;
  while (active_requests_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::use_awaitable);
  }
  // Flush writes the store still holds; their requests then answer and close.
  if (on_drained) on_drained();
  auto close_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (open_connections_.load() > 0 && std::chrono::steady_clock::now() < close_deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::use_awaitable);
  }
  log::info("drained",
            {{"inFlight", pipeline_.in_flight()}, {"connections", open_connections_.load()}});
  stop_contexts();
}

void Server::stop_contexts() {
  for (auto& context : contexts_) context->stop();
}

void Server::run(std::function<void()> on_drained) {
  asio::signal_set signals(ioc_, SIGINT, SIGTERM);
  auto start_drain = [this, on_drained]() {
    if (drain_started_.exchange(true)) return;
    asio::co_spawn(ioc_, drain(on_drained), asio::detached);
  };
  signals.async_wait([this, start_drain, &signals](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log::info("signal", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    start_drain();
    // A second signal means "now": stop without waiting for the grace period.
    signals.async_wait([this](const boost::system::error_code& ec2, int) {
      if (!ec2) stop_contexts();
    });
  });
  asio::co_spawn(ioc_, accept_loop(), [this, start_drain](std::exception_ptr) {
    // The accept loop ends when stop() closed the acceptor: drain like a signal.
    if (draining_) start_drain();
  });

  // The other contexts may have no connection yet: keep them running until the drain
  // stops them.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    keep_running.push_back(asio::make_work_guard(*contexts_[i]));
    workers.emplace_back([context = contexts_[i].get()] { context->run(); });
  }
  ioc_.run();
  stop_contexts();  // ioc_ returned: a drain or a second signal stopped it
  for (auto& t : workers) t.join();
}

}  // namespace jm::net
