#pragma once
// One client of the live feed (GET /ws) after the upgrade. Three coroutines share the
// connection's executor: a reader (control frames, client close), a writer that drains a
// bounded queue, and a heartbeat that pings every interval and closes a client that
// missed two pongs. A client whose queue overflows is dropped (1013) so one slow
// reader never holds memory or delays the others; on drain every client gets 1001.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <string>

#include "http/types.hpp"
#include "net/live_endpoint.hpp"

namespace jm::net {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
 public:
  // The connection's single-threaded io_context (see server.hpp): serialises like a strand.
  using Executor = boost::asio::io_context::executor_type;
  using CloseCode = boost::beast::websocket::close_code;

  WebSocketSession(boost::beast::tcp_stream stream, Executor executor, const LiveEndpoint& endpoint,
                   std::string remote_ip, std::string request_id);
  ~WebSocketSession();

  // Completes the upgrade of `req` and serves the client until it leaves, is dropped or
  // the server drains. Runs on the connection's executor.
  boost::asio::awaitable<void> run(http::RawRequest req, UpgradeDecision decision);
  // From any thread: closes with 1001 "going away" (graceful drain), within ~0.5 s.
  void shut_down();

 private:
  void enqueue(std::shared_ptr<const std::string> text, bool live);
  void close(CloseCode code, std::string reason, std::chrono::milliseconds deadline);
  void drop(std::string_view why);
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> heartbeat_loop();
  boost::asio::awaitable<void> read_loop();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  Executor executor_;
  // Live events are posted from whichever thread published them. A plain post to a
  // single-threaded io_context is not FIFO across threads (a post from the context's own
  // thread takes a thread-private queue), so they go through a strand, which is.
  boost::asio::strand<Executor> feed_order_;
  const LiveEndpoint& endpoint_;
  std::string remote_ip_;
  std::string request_id_;
  std::string channel_;
  boost::asio::steady_timer wake_;  // the writer sleeps here while the queue is empty
  boost::asio::steady_timer ping_timer_;
  boost::asio::steady_timer close_timer_;  // closes the socket if a close handshake stalls
  // Everything below is touched only on executor_.
  std::deque<std::shared_ptr<const std::string>> queue_;  // unsent; front is being written
  std::size_t queued_bytes_ = 0;
  std::size_t backlog_messages_ = 0, backlog_bytes_ = 0;  // the resume replay, on top of limits
  bool closing_ = false;
  int missed_pongs_ = 0;
  std::string close_reason_ = "client closed";
};

}  // namespace jm::net
