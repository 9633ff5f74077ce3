// The /ws endpoint end to end on a real Server (loopback, any free port) with an injected
// token check: the analyst path the API tests cannot reach until the auth code lands.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "net/server.hpp"

namespace jm::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using json = nlohmann::json;
using Client = websocket::stream<asio::ip::tcp::socket>;

class WebSocketServer : public ::testing::Test {
 protected:
  void SetUp() override {
    live_.public_feed = &public_;
    live_.analyst_feed = &analyst_;
    live_.stats = &stats_;
    live_.check_token = [](std::string_view token) -> std::optional<std::string> {
      if (token == "analyst-token") return "analyst";
      return std::nullopt;
    };
    ServerOptions options;
    options.port = 0;
    options.shutdown_grace = std::chrono::seconds(2);
    server_ = std::make_unique<Server>(options, pipeline_);
    port_ = server_->bind();
    server_->set_live(&live_);
    thread_ = std::thread([this] { server_->run(nullptr); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  std::unique_ptr<Client> connect(const std::string& target) {
    auto ws = std::make_unique<Client>(client_ioc_);
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"),
                                     static_cast<unsigned short>(port_));
    ws->next_layer().connect(endpoint);
    ws->handshake("127.0.0.1:" + std::to_string(port_), target);
    return ws;
  }

  static json read_json(Client& ws) {
    beast::flat_buffer buffer;
    ws.read(buffer);
    return json::parse(beast::buffers_to_string(buffer.data()));
  }

  // Waits until the feed has `n` listeners (the session joins after the handshake).
  void wait_for_listeners(const infra::LiveFeed& feed, std::size_t n) {
    for (int i = 0; i < 500 && feed.listeners() != n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(feed.listeners(), n);
  }

  http::Router router_;
  http::Pipeline pipeline_{router_, {}};
  infra::InProcessEventBus bus_;
  infra::LiveFeed public_{bus_, "public"};
  infra::LiveFeed analyst_{bus_, "analyst"};
  WebSocketStats stats_;
  LiveEndpoint live_;
  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread thread_;
  asio::io_context client_ioc_;
};

TEST_F(WebSocketServer, AnalystWithAValidTokenGetsHelloAndFullEvents) {
  auto ws = connect("/ws?channel=analyst&token=analyst-token");
  auto hello = read_json(*ws);
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["channel"], "analyst");
  EXPECT_EQ(hello["seq"], 0);
  EXPECT_FALSE(hello["requestId"].get<std::string>().empty());
  wait_for_listeners(analyst_, 1);
  bus_.publish("analyst", R"({"type":"game_finished","gameId":"g1","playerName":"Ann"})");
  auto event = read_json(*ws);
  EXPECT_EQ(event["gameId"], "g1");
  EXPECT_EQ(event["seq"], 1);
  EXPECT_EQ(stats_.clients_connected(), 1);
  ws->close(websocket::close_code::normal);
}

TEST_F(WebSocketServer, AnalystWithoutAValidTokenIsClosedWith1008) {
  for (const char* target : {"/ws?channel=analyst", "/ws?channel=analyst&token=nope"}) {
    auto ws = connect(target);
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws->read(buffer, ec);
    EXPECT_EQ(ec, websocket::error::closed) << target;
    EXPECT_EQ(ws->reason().code, websocket::close_code::policy_error) << target;
    EXPECT_EQ(buffer.size(), 0u) << "no hello, no event";
  }
  EXPECT_EQ(analyst_.listeners(), 0u);
  EXPECT_EQ(stats_.clients_opened(), 0u);
}

TEST_F(WebSocketServer, ResumeReplaysMissedEventsBeforeLiveOnes) {
  bus_.publish("public", R"({"type":"game_finished","n":1})");
  bus_.publish("public", R"({"type":"game_finished","n":2})");
  bus_.publish("public", R"({"type":"game_finished","n":3})");
  auto ws = connect("/ws?since=1");
  auto hello = read_json(*ws);
  EXPECT_EQ(hello["replayed"], 2);
  EXPECT_EQ(hello["complete"], true);
  EXPECT_EQ(read_json(*ws)["n"], 2);
  EXPECT_EQ(read_json(*ws)["n"], 3);
  wait_for_listeners(public_, 1);
  bus_.publish("public", R"({"type":"game_finished","n":4})");
  auto live = read_json(*ws);
  EXPECT_EQ(live["n"], 4);
  EXPECT_EQ(live["seq"], 4);
  // The counter moves once a write completes, which may be just after the client read it.
  for (int i = 0; i < 500 && stats_.messages_sent() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(stats_.messages_sent(), 4u) << "hello, two replayed, one live";
}

TEST_F(WebSocketServer, StopClosesClientsWithGoingAway) {
  auto ws = connect("/ws");
  read_json(*ws);  // hello
  wait_for_listeners(public_, 1);
  auto started = std::chrono::steady_clock::now();
  server_->stop();
  beast::flat_buffer buffer;
  beast::error_code ec;
  ws->read(buffer, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(ws->reason().code, websocket::close_code::going_away);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

}  // namespace
}  // namespace jm::net
