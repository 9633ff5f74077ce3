#include "net/websocket_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "util/log.hpp"

namespace jm::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using namespace std::chrono_literals;

namespace {

// The kernel's send buffer is part of what a slow client can make us hold, so it is
// bounded too (Linux doubles it); our own queue starts filling once it is full.
constexpr int kSocketSendBuffer = 8 * 1024;
constexpr std::size_t kMaxClientMessage = 4 * 1024;  // clients have nothing to say
constexpr auto kHandshakeDeadline = 10s;
constexpr auto kDropDeadline = 1000ms;
constexpr auto kShutdownDeadline = 500ms;  // the drain gives connections 1 s in total

auto use_ec(beast::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

}  // namespace

WebSocketSession::WebSocketSession(beast::tcp_stream stream, Executor executor,
                                   const LiveEndpoint& endpoint, std::string remote_ip,
                                   std::string request_id)
    : ws_(std::move(stream)),
      executor_(std::move(executor)),
      feed_order_(boost::asio::make_strand(executor_)),
      endpoint_(endpoint),
      remote_ip_(std::move(remote_ip)),
      request_id_(std::move(request_id)),
      wake_(executor_),
      ping_timer_(executor_),
      close_timer_(executor_) {}

WebSocketSession::~WebSocketSession() = default;

asio::awaitable<void> WebSocketSession::run(http::RawRequest req, UpgradeDecision decision) {
  auto self = shared_from_this();
  channel_ = decision.channel;
  beast::error_code ec;
  // Our own timers replace the HTTP deadlines and Beast's (which would run off the connection's
  // executor).
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                 websocket::stream_base::none(), false});
  ws_.set_option(websocket::stream_base::decorator(
      [id = request_id_](websocket::response_type& res) { res.set("X-Request-Id", id); }));
  ws_.read_message_max(kMaxClientMessage);
  ws_.next_layer().socket().set_option(asio::socket_base::send_buffer_size(kSocketSendBuffer), ec);
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) missed_pongs_ = 0;
  });

  close_timer_.expires_after(kHandshakeDeadline);
  close_timer_.async_wait([self](beast::error_code timer_ec) {
    if (!timer_ec) beast::get_lowest_layer(self->ws_).close();
  });
  co_await ws_.async_accept(req, use_ec(ec));
  if (!closing_) close_timer_.cancel();  // (a drain may have armed its own deadline meanwhile)
  if (ec) co_return;

  if (decision.refusal) {
    log::info("ws_refused",
              {{"requestId", request_id_}, {"channel", channel_}, {"why", *decision.refusal}});
    close(CloseCode::policy_error, *decision.refusal, kDropDeadline);
    co_await read_loop();  // until the client answers the close (or the deadline passes)
    co_return;
  }

  auto* stats = endpoint_.stats;
  if (stats) stats->opened();
  auto started = std::chrono::steady_clock::now();
  std::weak_ptr<WebSocketSession> weak = self;
  auto joined =
      decision.feed->join(decision.since, [weak, in_order = feed_order_](const auto& event) {
        // Under the feed's lock: only hand over; the session may be gone already.
        asio::post(in_order, [weak, text = event.text] {
          if (auto s = weak.lock()) s->enqueue(text, true);
        });
      });
  nlohmann::json hello = {{"type", "hello"},
                          {"channel", channel_},
                          {"seq", joined.latest_seq},
                          {"heartbeatSeconds", endpoint_.ping_interval.count()},
                          {"requestId", request_id_}};
  if (decision.since) {
    hello["since"] = *decision.since;
    hello["replayed"] = joined.backlog.size();
    hello["complete"] = joined.complete;  // false: some missed events are gone
  }
  enqueue(std::make_shared<const std::string>(hello.dump()), false);
  for (auto& event : joined.backlog) enqueue(std::move(event.text), false);
  backlog_messages_ = queue_.size();
  backlog_bytes_ = queued_bytes_;
  log::info("ws_open", {{"requestId", request_id_},
                        {"channel", channel_},
                        {"ip", remote_ip_},
                        {"replayed", joined.backlog.size()}});

  asio::co_spawn(executor_, write_loop(), asio::detached);
  asio::co_spawn(executor_, heartbeat_loop(), asio::detached);
  co_await read_loop();

  decision.feed->leave(joined.listener_id);
  closing_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  wake_.cancel();
  ping_timer_.cancel();
  if (stats) stats->closed();
  log::info("ws_closed", {{"requestId", request_id_},
                          {"channel", channel_},
                          {"reason", close_reason_},
                          {"seconds", std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::steady_clock::now() - started)
                                          .count()}});
}

asio::awaitable<void> WebSocketSession::read_loop() {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    co_await ws_.async_read(buffer, use_ec(ec));
    if (ec) break;
    buffer.consume(buffer.size());  // the feed is one-way; client messages are ignored
  }
  // The close handshake is over (Beast answered a client's close) or the socket failed:
  // stop whatever still waits on it.
  close_timer_.cancel();
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

void WebSocketSession::enqueue(std::shared_ptr<const std::string> text, bool live) {
  if (closing_ || !text) return;
  if (live && (queue_.size() >= endpoint_.queue_messages + backlog_messages_ ||
               queued_bytes_ + text->size() > endpoint_.queue_bytes + backlog_bytes_)) {
    drop("queue_full");
    return;
  }
  queued_bytes_ += text->size();
  queue_.push_back(std::move(text));
  wake_.cancel();
}

asio::awaitable<void> WebSocketSession::write_loop() {
  auto self = shared_from_this();
  beast::error_code ec;
  while (!closing_) {
    if (queue_.empty()) {
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(use_ec(ec));
      continue;
    }
    auto text = queue_.front();  // stays queued (and counted) while it is being written
    co_await ws_.async_write(asio::buffer(*text), use_ec(ec));
    if (ec || closing_) break;  // close() emptied the queue meanwhile
    queue_.pop_front();
    queued_bytes_ -= text->size();
    if (backlog_messages_ > 0) {
      --backlog_messages_;
      backlog_bytes_ -= std::min(backlog_bytes_, text->size());
    }
    if (endpoint_.stats) endpoint_.stats->sent();
  }
}

asio::awaitable<void> WebSocketSession::heartbeat_loop() {
  auto self = shared_from_this();
  beast::error_code ec;
  while (!closing_) {
    ping_timer_.expires_after(endpoint_.ping_interval);
    co_await ping_timer_.async_wait(use_ec(ec));
    if (ec || closing_) break;
    if (missed_pongs_ >= 2) {
      drop("missed_pongs");
      break;
    }
    ++missed_pongs_;
    co_await ws_.async_ping({}, use_ec(ec));
    if (ec) break;
  }
}

void WebSocketSession::drop(std::string_view why) {
  if (closing_) return;
  if (endpoint_.stats) endpoint_.stats->dropped();
  log::warn("ws_client_dropped", {{"requestId", request_id_},
                                  {"channel", channel_},
                                  {"ip", remote_ip_},
                                  {"why", why},
                                  {"queued", queue_.size()},
                                  {"queuedBytes", queued_bytes_}});
  if (why == "queue_full") {
    close(CloseCode::try_again_later, "too slow: fell behind the live feed", kDropDeadline);
  } else {
    close(CloseCode::going_away, "missed heartbeats", kDropDeadline);  // may reconnect
  }
  close_reason_ = std::string(why);
}

void WebSocketSession::shut_down() {
  asio::post(executor_, [self = shared_from_this()] {
    self->close(CloseCode::going_away, "server shutting down", kShutdownDeadline);
    self->close_reason_ = "server_shutdown";
  });
}

// Starts the close handshake. A client that does not complete it in time (it stopped
// reading, so even our close frame cannot be sent) loses the TCP connection instead.
void WebSocketSession::close(CloseCode code, std::string reason,
                             std::chrono::milliseconds deadline) {
  if (closing_) return;
  closing_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  wake_.cancel();
  ping_timer_.cancel();
  auto self = shared_from_this();
  close_timer_.expires_after(deadline);
  close_timer_.async_wait([self](beast::error_code ec) {
    if (!ec) beast::get_lowest_layer(self->ws_).close();
  });
  asio::co_spawn(
      executor_,
      [self, code, reason = std::move(reason)]() -> asio::awaitable<void> {
        beast::error_code ec;
        co_await self->ws_.async_close(websocket::close_reason(code, reason), use_ec(ec));
      },
      asio::detached);
}

}  // namespace jm::net
