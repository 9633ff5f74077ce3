// The web app's files and client-side routes, and the one path both the app and the API
// own (/leaderboard): a browser navigation gets the app, a fetch gets the JSON.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>

#include "http/errors.hpp"
#include "http/middleware/static_files.hpp"
#include "http/pipeline.hpp"

namespace jm::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    root_ = fs::temp_directory_path() /
            ("jm-static-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(root_);
    std::ofstream(root_ / "index.html") << "<!doctype html><title>app</title>";
    router_.add(Verb::get, "/leaderboard", [](Request& req) -> boost::asio::awaitable<Response> {
      co_return json_response(req, Status::ok, {{"success", true}});
    });
    router_.add(Verb::get, "/api/v1/leaderboard",
                [](Request& req) -> boost::asio::awaitable<Response> {
                  co_return json_response(req, Status::ok, {{"entries", nlohmann::json::array()}});
                });
    std::vector<std::unique_ptr<Middleware>> chain;
    chain.push_back(make_static_files(root_.string()));
    pipeline_ = std::make_unique<Pipeline>(router_, std::move(chain));
  }
  ~StaticFilesTest() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  Response get(std::string path, std::string accept = {}) {
    Request req;
    req.raw.method(Verb::get);
    req.raw.target(path);
    req.raw.version(11);
    req.path = std::move(path);
    if (!accept.empty()) req.raw.set("Accept", accept);
    boost::asio::io_context ioc;
    Response out;
    boost::asio::co_spawn(
        ioc, [&]() -> boost::asio::awaitable<void> { out = co_await pipeline_->handle(req); },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
    ioc.run();
    return out;
  }

  fs::path root_;
  Router router_;
  std::unique_ptr<Pipeline> pipeline_;
};

constexpr const char* kBrowserAccept =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

TEST_F(StaticFilesTest, ClientSideRoutesGetTheApp) {
  auto res = get("/play/daily", kBrowserAccept);
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_NE(res.body().find("<title>app</title>"), std::string::npos);
  EXPECT_EQ(get("/missing.js").result(), Status::not_found);
}

TEST_F(StaticFilesTest, SharedPathAnswersANavigationWithTheAppAndAFetchWithJson) {
  auto page = get("/leaderboard", kBrowserAccept);
  EXPECT_EQ(page.result(), Status::ok);
  EXPECT_NE(page.body().find("<title>app</title>"), std::string::npos);
  EXPECT_NE(std::string(page[boost::beast::http::field::vary]).find("Accept"), std::string::npos);

  for (const char* accept : {"", "*/*", "application/json"}) {
    auto api = get("/leaderboard", accept);
    EXPECT_EQ(api.result(), Status::ok) << accept;
    EXPECT_NE(api.body().find("\"success\""), std::string::npos) << accept;
  }
}

TEST_F(StaticFilesTest, OtherApiRoutesNeverGetTheApp) {
  auto res = get("/api/v1/leaderboard", kBrowserAccept);
  EXPECT_NE(res.body().find("\"entries\""), std::string::npos);
}

}  // namespace
}  // namespace jm::http
