#include "net/connection.hpp"

#include <array>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/websocket_session.hpp"
#include "util/log.hpp"

namespace jm::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

Connection::Connection(asio::ip::tcp::socket socket, Executor executor, Server& server,
                       http::Pipeline& pipeline, const ServerOptions& options)
    : stream_(std::move(socket)),
      executor_(std::move(executor)),
      server_(server),
      pipeline_(pipeline),
      options_(options) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ip_ = endpoint.address().to_string();
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
}

void Connection::close_if_idle() {
  asio::post(executor_, [self = shared_from_this()] {
    if (self->websocket_) {
      self->websocket_->shut_down();
    } else if (!self->busy_) {
      beast::error_code ec;
      self->stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
      self->stream_.socket().close(ec);
    }
  });
}

asio::awaitable<void> Connection::run() {
  try {
    while (co_await serve_one()) {
    }
    if (upgrade_) {
      co_await serve_websocket(std::move(*std::exchange(upgrade_, std::nullopt)));
      if (websocket_) {  // the session owns the socket now
        websocket_.reset();
        server_.untrack(this);
        co_return;
      }
    }
  } catch (const std::exception& e) {
    log::warn("connection_error", {{"what", e.what()}, {"ip", remote_ip_}});
    if (websocket_) {
      websocket_.reset();
      server_.untrack(this);
      co_return;
    }
  }
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream_.socket().close(ec);
  server_.untrack(this);
}

asio::awaitable<void> Connection::write(http::Response& res) {
  beast::error_code ec;
  stream_.expires_after(options_.read_timeout);
  co_await bhttp::async_write(stream_, res, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) res.keep_alive(false);
}

asio::awaitable<void> Connection::reject(http::Request& req, http::Status status, std::string code,
                                         std::string message) {
  auto res = pipeline_.reject(req, {status, std::move(code), std::move(message), {}});
  res.keep_alive(false);
  res.prepare_payload();
  co_await write(res);
  co_await linger();
}

// Closing a socket with unread input makes the kernel send a reset, which can destroy
// our error response before the client reads it (a client that uploads a too-large
// body without "Expect: 100-continue" is still sending). So: stop sending, then read
// and discard what is in flight for a bounded time and amount before closing.
asio::awaitable<void> Connection::linger() {
  constexpr std::size_t kMaxDiscardBytes = 64 * 1024 * 1024;
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  std::array<char, 16 * 1024> sink{};
  std::size_t discarded = 0;
  stream_.expires_after(std::chrono::seconds(2));
  while (!ec && discarded < kMaxDiscardBytes) {
    discarded += co_await stream_.async_read_some(asio::buffer(sink),
                                                  asio::redirect_error(asio::use_awaitable, ec));
  }
}

// Serves one request; returns whether the connection stays open for another.
asio::awaitable<bool> Connection::serve_one() {
  if (server_.draining()) co_return false;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(options_.body_limit);
  parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));

  beast::error_code ec;
  busy_ = false;
  stream_.expires_after(options_.idle_timeout);
  co_await bhttp::async_read_header(stream_, buffer_, parser,
                                    asio::redirect_error(asio::use_awaitable, ec));
  busy_ = true;
  ActiveRequest active(server_);
  http::Request req;
  req.remote_ip = remote_ip_;
  if (ec == bhttp::error::header_limit) {
    co_await reject(req, http::Status::request_header_fields_too_large, "headers_too_large",
                    "Request headers are too large");
    co_return false;
  }
  if (ec == bhttp::error::body_limit) {
    req.raw = parser.release();  // keep the headers: the answer echoes X-Request-Id
    co_await reject(req, http::Status::payload_too_large, "payload_too_large",
                    "Request body is too large");
    co_return false;
  }
  if (ec) {
    // end_of_stream, timeout, reset, or a request that is not HTTP: nothing to answer
    // except malformed HTTP, which deserves a 400.
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      co_await reject(req, http::Status::bad_request, "bad_request", "Malformed HTTP request");
    }
    co_return false;
  }

  if (!parser.is_done()) {
    stream_.expires_after(options_.read_timeout);
    co_await bhttp::async_read(stream_, buffer_, parser,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::body_limit) {
      req.raw = parser.release();
      co_await reject(req, http::Status::payload_too_large, "payload_too_large",
                      "Request body is too large");
      co_return false;
    }
    if (ec == beast::error::timeout) {
      req.raw = parser.release();
      co_await reject(req, http::Status::request_timeout, "request_timeout",
                      "Request body took too long");
      co_return false;
    }
    if (ec) co_return false;
  }

  req.raw = parser.release();
  auto target = req.raw.target();
  auto qpos = target.find('?');
  auto decoded = http::percent_decode({target.data(), std::min(qpos, target.size())}, false);
  if (qpos != beast::string_view::npos) req.query.assign(target.substr(qpos + 1));
  if (!decoded || decoded->empty() || (*decoded)[0] != '/') {
    co_await reject(req, http::Status::bad_request, "bad_request", "Malformed request path");
    co_return false;
  }
  req.path = std::move(*decoded);
  if (req.path == "/ws" && server_.live()) {
    upgrade_ = std::move(req);  // served once this request stops counting as in flight
    co_return false;
  }

  bool is_head = req.raw.method() == bhttp::verb::head;
  auto res = co_await pipeline_.handle(req);
  res.version(req.raw.version());
  res.keep_alive(req.raw.keep_alive() && !server_.draining());
  res.prepare_payload();
  if (is_head) {
    auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  co_await write(res);
  co_return res.keep_alive();
}

// GET /ws: the HTTP middleware does not run for an upgrade, so the request gets its id
// and the Origin/channel/credential checks here; refusals are ordinary JSON errors.
asio::awaitable<void> Connection::serve_websocket(http::Request req) {
  const LiveEndpoint& endpoint = *server_.live();
  if (!boost::beast::websocket::is_upgrade(req.raw)) {
    auto res = pipeline_.reject(req, {http::Status::upgrade_required, "upgrade_required",
                                      "GET /ws is a WebSocket endpoint", ""});
    res.set(bhttp::field::upgrade, "websocket");
    res.keep_alive(false);
    res.prepare_payload();
    co_await write(res);
    co_await linger();
    co_return;
  }
  auto decision = decide_upgrade(req, endpoint);
  if (!decision.error && server_.draining()) {
    decision.error = http::ApiError{http::Status::service_unavailable, "draining",
                                    "The server is shutting down; reconnect shortly", ""};
  }
  if (decision.error) {
    auto res = pipeline_.reject(req, *decision.error);
    if (decision.error->status == http::Status::service_unavailable) {
      res.set(bhttp::field::retry_after, "1");
    }
    res.keep_alive(false);
    res.prepare_payload();
    co_await write(res);
    co_await linger();
    co_return;
  }
  pipeline_.prepare_upgrade(req);
  websocket_ = std::make_shared<WebSocketSession>(std::move(stream_), executor_, endpoint,
                                                  remote_ip_, req.request_id);
  co_await websocket_->run(std::move(req.raw), std::move(decision));
}

}  // namespace jm::net
