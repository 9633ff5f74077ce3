#include "http/errors.hpp"
#include "http/middleware/standard.hpp"

namespace jm::http {

namespace {

constexpr std::size_t kMaxTargetBytes = 4096;

bool is_json_type(std::string_view type) {
  // "application/json" optionally followed by parameters such as "; charset=utf-8".
  constexpr std::string_view kJson = "application/json";
  if (type.size() < kJson.size()) return false;
  for (std::size_t i = 0; i < kJson.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != kJson[i]) return false;
  }
  return type.size() == kJson.size() || type[kJson.size()] == ';' || type[kJson.size()] == ' ';
}

class BodyChecks final : public Middleware {
 public:
  std::optional<Response> before(Request& req) override {
    if (req.raw.target().size() > kMaxTargetBytes) {
      return error_response(req, Status::uri_too_long, "uri_too_long", "URL is too long");
    }
    if (req.raw.body().empty()) return std::nullopt;
    if (!req.route) return std::nullopt;  // 404/405 win over body complaints
    if (!is_json_type(req.header("Content-Type"))) {
      return error_response(req, Status::unsupported_media_type, "unsupported_media_type",
                            "Content-Type must be application/json", "Content-Type");
    }
    try {
      req.json = nlohmann::json::parse(req.raw.body());
    } catch (const nlohmann::json::parse_error&) {
      return error_response(req, Status::bad_request, "invalid_json",
                            "Request body is not valid JSON", "body");
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Middleware> make_body_checks() {
  return std::make_unique<BodyChecks>();
}

}  // namespace jm::http
