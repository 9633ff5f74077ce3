#pragma once
// One client connection: a coroutine that reads a request (with idle and read
// deadlines), hands it to the pipeline and writes the answer, keep-alive until the
// client leaves, a deadline passes, or the server drains. A WebSocket upgrade of /ws
// hands the socket over to a WebSocketSession for the rest of the connection.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <memory>
#include <optional>

#include "net/server.hpp"

namespace jm::net {

class WebSocketSession;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // The connection's own io_context, run by one thread: it serialises the connection's
  // handlers as a strand would, without the hand-offs (see server.hpp).
  using Executor = boost::asio::io_context::executor_type;

  Connection(boost::asio::ip::tcp::socket socket, Executor executor, Server& server,
             http::Pipeline& pipeline, const ServerOptions& options);

  boost::asio::awaitable<void> run();
  // Closes the connection if it is waiting for a request, or closes its WebSocket with
  // 1001 (safe from any thread).
  void close_if_idle();
  Executor executor() const { return executor_; }

 private:
  boost::asio::awaitable<bool> serve_one();
  boost::asio::awaitable<void> write(http::Response& res);
  boost::asio::awaitable<void> linger();
  boost::asio::awaitable<void> serve_websocket(http::Request req);
  boost::asio::awaitable<void> reject(http::Request& req, http::Status status, std::string code,
                                      std::string message);

  boost::beast::tcp_stream stream_;
  Executor executor_;
  boost::beast::flat_buffer buffer_;
  Server& server_;
  http::Pipeline& pipeline_;
  const ServerOptions& options_;
  std::string remote_ip_;
  bool busy_ = false;                            // touched only on executor_
  std::optional<http::Request> upgrade_;         // a /ws upgrade request, served after the loop
  std::shared_ptr<WebSocketSession> websocket_;  // set while the connection is a WebSocket
};

}  // namespace jm::net
