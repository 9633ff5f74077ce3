// Serves the built web app from memory: hashed assets with immutable caching,
// everything else revalidated by ETag, and index.html for client-side routes.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "http/compression.hpp"
#include "http/errors.hpp"
#include "http/middleware/static_files.hpp"
#include "util/log.hpp"

namespace jm::http {

namespace {

namespace fs = std::filesystem;

struct StaticFile {
  std::string body;
  std::string gzipped;  // empty when not worth it
  std::string content_type;
  std::string etag;
  bool immutable = false;
};

std::string content_type_for(const fs::path& p) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "application/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::string fnv1a_hex(std::string_view data) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Paths the API owns: never answered with the web app's index.html.
bool is_api_path(std::string_view path) {
  // The web app's own admin pages share the original's /admin prefix.
  if (path == "/admin/audit") return false;
  for (std::string_view prefix : {"/api/", "/health", "/ready", "/metrics", "/ws", "/save-player",
                                  "/batch-upload", "/analytics", "/export-analytics", "/admin"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// Paths both the web app (a page) and the API (the original's JSON, e.g. GET /leaderboard
// its dashboards fetch) own: a browser navigation (Accept naming text/html) gets the app,
// anything else the API.
bool is_shared_page(std::string_view path) {
  return path == "/leaderboard";
}

bool wants_html(std::string_view accept) {
  return accept.find("text/html") != std::string_view::npos;
}

class StaticFiles final : public Middleware {
 public:
  explicit StaticFiles(const std::string& root) { load(root); }

  std::optional<Response> before(Request& req) override {
    if (files_.empty()) return std::nullopt;
    if (req.method() != Verb::get && req.method() != Verb::head) return std::nullopt;
    if (req.route) {
      if (!is_shared_page(req.path) || !wants_html(req.header("Accept"))) return std::nullopt;
      auto index = files_.find("/index.html");
      if (index == files_.end()) return std::nullopt;
      auto res = respond(req, index->second);
      res.set(beast_http::field::vary, "Accept, Accept-Encoding");
      return res;
    }
    auto it = files_.find(req.path);
    if (it == files_.end()) {
      // Client-side routes ("/play/daily") get the app; missing files stay 404.
      bool looks_like_file = fs::path(req.path).has_extension();
      if (looks_like_file || is_api_path(req.path)) return std::nullopt;
      it = files_.find("/index.html");
      if (it == files_.end()) return std::nullopt;
    }
    return respond(req, it->second);
  }

 private:
  Response respond(const Request& req, const StaticFile& file) {
    Response res{Status::ok, req.raw.version()};
    res.set(beast_http::field::etag, file.etag);
    res.set(beast_http::field::cache_control,
            file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    res.set(beast_http::field::content_type, file.content_type);
    if (!file.gzipped.empty()) res.set(beast_http::field::vary, "Accept-Encoding");
    if (req.header("If-None-Match") == file.etag) {
      res.result(Status::not_modified);
      return res;
    }
    if (!file.gzipped.empty() && accepts_gzip(req.header("Accept-Encoding"))) {
      res.set(beast_http::field::content_encoding, "gzip");
      res.body() = file.gzipped;
    } else {
      res.body() = file.body;
    }
    return res;
  }

  void load(const std::string& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
      log::warn("web_root_missing", {{"path", root}, {"hint", "run: make web"}});
      return;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      StaticFile file;
      file.body = buf.str();
      file.content_type = content_type_for(entry.path());
      file.etag = "\"" + fnv1a_hex(file.body) + "\"";
      auto rel = "/" + fs::relative(entry.path(), root).generic_string();
      file.immutable = rel.rfind("/assets/", 0) == 0;  // Vite puts content hashes in these names
      std::string gz;
      if (file.body.size() >= 1024 && gzip_compress(file.body, gz) &&
          gz.size() < file.body.size()) {
        file.gzipped = std::move(gz);
      }
      files_.emplace(std::move(rel), std::move(file));
    }
    log::info("web_root_loaded", {{"path", root}, {"files", files_.size()}});
  }

  std::unordered_map<std::string, StaticFile> files_;
};

}  // namespace

std::unique_ptr<Middleware> make_static_files(const std::string& root) {
  return std::make_unique<StaticFiles>(root);
}

}  // namespace jm::http
