#include "http/compression.hpp"
#include "http/middleware/standard.hpp"

namespace jm::http {

namespace {

constexpr std::size_t kMinGzipBytes = 1024;

bool compressible(std::string_view type) {
  return type.rfind("application/json", 0) == 0 || type.rfind("text/", 0) == 0 ||
         type.rfind("application/javascript", 0) == 0 || type.rfind("image/svg+xml", 0) == 0;
}

class Gzip final : public Middleware {
 public:
  void after(const Request& req, Response& res) override {
    if (res.body().size() < kMinGzipBytes) return;
    if (res.find(beast_http::field::content_encoding) != res.end()) return;
    auto type = res[beast_http::field::content_type];
    if (!compressible({type.data(), type.size()})) return;
    add_vary(res);
    if (!accepts_gzip(req.header("Accept-Encoding"))) return;
    std::string out;
    if (!gzip_compress(res.body(), out)) return;
    res.body() = std::move(out);
    res.set(beast_http::field::content_encoding, "gzip");
  }

 private:
  static void add_vary(Response& res) {
    auto existing = res[beast_http::field::vary];
    if (existing.empty()) {
      res.set(beast_http::field::vary, "Accept-Encoding");
    } else if (existing.find("Accept-Encoding") == boost::beast::string_view::npos) {
      res.set(beast_http::field::vary, std::string(existing) + ", Accept-Encoding");
    }
  }
};

}  // namespace

std::unique_ptr<Middleware> make_gzip() {
  return std::make_unique<Gzip>();
}

}  // namespace jm::http
